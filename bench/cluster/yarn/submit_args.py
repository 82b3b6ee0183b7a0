"""What a managed service would run, as spark-submit arguments for the local YARN cluster (bench/cluster/yarn-cluster.sh).

    python3 submit_args.py KIND DEFINITION JAR NAME S3_PORT CREDENTIALS_PORT [GLUE_SCRIPT_JAR]

KIND is the service whose definition file (under docker/) is read:
  step        an EMR step (docker/emr/*.json): its own spark-submit arguments;
  serverless  an EMR Serverless start-job-run request (docker/emr-serverless/*.json): entryPoint, entryPointArguments
              and sparkSubmitParameters, with spark.emr-serverless.driverEnv.* (which EMR Serverless sets on its
              driver) given to YARN's driver as spark.yarn.appMasterEnv.*;
  glue        a Glue job definition (docker/glue/*.json): the compiled script (GLUE_SCRIPT_JAR) started by the class
              that --class names, the --extra-jars on the class path (--jars), and the job's parameters with the ones
              Glue adds to every run (--JOB_ID, --JOB_RUN_ID, --JOB_NAME, --TempDir, --job-bookmark-option).
Each in YARN cluster deploy mode, with the local test's in place of the real: the S3 endpoint and bucket, the jar's
path, the role's credentials from the container credentials endpoint, and a driver of 1 GB. Prints one argument a line.
"""
import json
import shlex
import sys

kind, definition, jar, name, s3_port, creds_port = sys.argv[1:7]
glue_script = sys.argv[7] if len(sys.argv) > 7 else None

LOCAL = {
    "spark.yarn.appMasterEnv.FITSCORE_S3_ENDPOINT": f"http://127.0.0.1:{s3_port}",
    # the role, as the container credentials endpoint serves it to the driver's and the executors' containers
    "spark.yarn.appMasterEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI": f"http://127.0.0.1:{creds_port}/good",
    "spark.yarn.appMasterEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN": "yarn-token",
    "spark.executorEnv.AWS_CONTAINER_CREDENTIALS_FULL_URI": f"http://127.0.0.1:{creds_port}/good",
    "spark.executorEnv.AWS_CONTAINER_AUTHORIZATION_TOKEN": "yarn-token",
    "spark.driver.memory": "1g", "spark.executor.memory": "1g", "spark.executor.instances": "2", "spark.executor.cores": "1",
}


def local_paths(a):
    a = a.replace("s3://dmacademy-course-assets/vlerick/pre_release.csv", "s3://cluster/in/pre_release.csv")
    a = a.replace("s3://dmacademy-course-assets/vlerick/after_release.csv", "s3://cluster/in/after_release.csv")
    return a.replace("s3://dmacademy-course-assets/vlerick/jan", "s3://cluster/" + name)


def local_confs():
    out = ["--master", "yarn"]
    for k, v in LOCAL.items():
        out += ["--conf", f"{k}={v}"]
    return out


def step(doc):
    args = doc[0]["Args"]
    assert args[0] == "spark-submit", args[0]
    out = []
    for a in args[1:]:
        if a.startswith("s3://") and a.endswith(".jar"):
            out += local_confs() + [jar]
        elif a.startswith("spark.driver.memory="):
            out.append("spark.driver.memory=1g")
        else:
            out.append(local_paths(a))
    return out


def serverless(doc):
    driver = doc["jobDriver"]["sparkSubmit"]
    assert driver["entryPoint"].endswith(".jar"), driver["entryPoint"]
    out = ["--deploy-mode", "cluster"]
    for a in shlex.split(driver.get("sparkSubmitParameters", "")):
        a = a.replace("spark.emr-serverless.driverEnv.", "spark.yarn.appMasterEnv.")
        out.append("spark.driver.memory=1g" if a.startswith("spark.driver.memory=") else a)
    return out + local_confs() + [jar] + [local_paths(a) for a in driver.get("entryPointArguments", [])]


def glue(doc):
    assert glue_script, "the glue kind needs the compiled script's jar"
    params = doc["DefaultArguments"]
    assert params["--job-language"] == "scala", params["--job-language"]
    assert doc["Command"]["Name"] == "glueetl", doc["Command"]["Name"]
    out = ["--deploy-mode", "cluster", "--class", params["--class"], "--jars", jar] + local_confs() + [glue_script]
    run = {"--JOB_ID": "j_local", "--JOB_RUN_ID": "jr_local", "--JOB_NAME": doc["Name"],
           "--TempDir": "s3://cluster/glue-temp/", "--job-bookmark-option": "job-bookmark-disable"}
    for k, v in list(params.items()) + list(run.items()):
        if k not in ("--job-language", "--class", "--extra-jars"):
            out += [k, local_paths(v)]
    return out


doc = json.load(open(definition))
print("\n".join({"step": step, "serverless": serverless, "glue": glue}[kind](doc)))
