package io.fitscore;

import org.eclipse.microprofile.config.ConfigProvider;

import picocli.CommandLine.IVersionProvider;

/** Reports the application version Quarkus knows from the build. */
public class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"fitscore " + ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("unknown")};
    }
}
