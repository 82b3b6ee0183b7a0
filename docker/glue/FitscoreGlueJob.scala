// The script of fitscore's AWS Glue job (Glue 5: Spark 3.5, Scala 2.12). Glue compiles it with the job's --extra-jars
// (fitscore's spark-submit jar of the Glue version's Spark line) on the class path and starts the class that --class
// names, with the job's parameters as "--key value" pairs. fitscore's entry point takes its own from them.
object FitscoreGlueJob {
  def main(args: Array[String]): Unit = io.fitscore.GlueJobMain.main(args)
}
