import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * Starts Hadoop's MiniYARNCluster (one ResourceManager, one NodeManager) on this machine, writes its client
 * configuration (yarn-site.xml, core-site.xml with the local filesystem as the default) into the folder given, prints
 * "yarn ready" and runs until it is killed. Run as a single-file program by bench/cluster/yarn-cluster.sh with the jars
 * of bench/cluster/yarn/pom.xml.
 */
public final class MiniYarn {
    public static void main(String[] args) throws Exception {
        Path confDir = Path.of(args[0]);
        Files.createDirectories(confDir);
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
        // Room for a cluster-mode driver and two executors of 1 GB each with their overheads; the containers' memory
        // is not policed (this machine is shared with the test's other processes).
        conf.setInt(YarnConfiguration.NM_PMEM_MB, 8192);
        conf.setInt(YarnConfiguration.NM_VCORES, 2);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, 4096);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99");
        conf.set("fs.defaultFS", "file:///");
        MiniYARNCluster cluster = new MiniYARNCluster("fitscore", 1, 1, 1);
        cluster.init(conf);
        cluster.start();
        Configuration live = cluster.getConfig();
        try (OutputStream out = new FileOutputStream(confDir.resolve("yarn-site.xml").toFile())) {
            live.writeXml(out);
        }
        Files.writeString(confDir.resolve("core-site.xml"), "<configuration><property><name>fs.defaultFS</name><value>file:///</value></property></configuration>\n");
        System.out.println("yarn ready " + live.get(YarnConfiguration.RM_ADDRESS));
        Thread.sleep(Long.MAX_VALUE);
    }
}
