package io.fitscore.spark;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitterFactory;
import org.apache.spark.internal.io.FileNameSpec;
import org.apache.spark.internal.io.HadoopMapReduceCommitProtocol;

import scala.Option;

/**
 * Lets Spark write through the committer Hadoop picks for the destination's scheme: on s3a the S3A
 * magic committer (tasks upload straight to their final keys as uncommitted multipart uploads, the job
 * commit completes them: no rename, which on S3 is a copy and a delete per file); on other filesystems
 * the usual FileOutputCommitter. Spark's own protocol only knows FileOutputCommitter's work folder and
 * would write around any other committer; spark-hadoop-cloud's protocol for this is not published for
 * Spark 4.0.4. Only plain (not dynamically partitioned) writes, which is all fitscore does.
 */
public class PathOutputCommitProtocol extends HadoopMapReduceCommitProtocol {

    private static final long serialVersionUID = 1L;

    private final String destination;
    /** Set again in every task after deserialisation: setupTask calls {@link #setupCommitter}. */
    private transient PathOutputCommitter pathCommitter;

    public PathOutputCommitProtocol(String jobId, String path, boolean dynamicPartitionOverwrite) {
        super(jobId, path, false);
        if (dynamicPartitionOverwrite) {
            throw new IllegalArgumentException("dynamic partition overwrite is not supported by " + getClass().getSimpleName());
        }
        this.destination = path;
    }

    @Override
    public OutputCommitter setupCommitter(TaskAttemptContext context) {
        try {
            pathCommitter = PathOutputCommitterFactory.createCommitter(new Path(destination), context);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output committer for " + destination, e);
        }
        return pathCommitter;
    }

    @Override
    public String newTaskTempFile(TaskAttemptContext taskContext, Option<String> dir, FileNameSpec spec) {
        Path work;
        try {
            work = pathCommitter.getWorkPath();
        } catch (IOException e) {
            throw new UncheckedIOException("no work folder for " + destination, e);
        }
        Path parent = dir.isDefined() ? new Path(work, dir.get()) : work;
        return new Path(parent, getFilename(taskContext, spec)).toString();
    }

    @Override
    public String newTaskTempFile(TaskAttemptContext taskContext, Option<String> dir, String ext) {
        return newTaskTempFile(taskContext, dir, new FileNameSpec("", ext));
    }
}
