package io.fitscore.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fitscore.config.CredentialsKind;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.testing.TestConfig;

class AwsAccessTest {

    @Test
    void autoUsesExplicitKeysForBothClients() {
        AwsAccess access = AwsAccess.decide(TestConfig.of(Map.of("fitscore.aws.access-key-id", "AKIDEXAMPLE",
                "fitscore.aws.secret-access-key", "s3cr3t-value", "fitscore.s3-endpoint", "http://127.0.0.1:9000")));
        assertEquals(CredentialsKind.STATIC, access.kind());
        assertEquals("s3cr3t-value", access.credentialsProvider().resolveCredentials().secretAccessKey());
        Map<String, String> s3a = access.s3aSettings();
        assertEquals("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider", s3a.get("fs.s3a.aws.credentials.provider"));
        assertEquals("s3cr3t-value", s3a.get("fs.s3a.secret.key"));
        assertEquals("http://127.0.0.1:9000", s3a.get("fs.s3a.endpoint"));
        assertEquals("true", s3a.get("fs.s3a.path.style.access"));
        assertEquals("false", s3a.get("fs.s3a.connection.ssl.enabled"));
        assertFalse(access.reason().contains("s3cr3t"));
    }

    @Test
    void autoWithSessionTokenUsesTemporaryCredentials() {
        AwsAccess access = AwsAccess.decide(TestConfig.of(Map.of("fitscore.aws.access-key-id", "AKIDEXAMPLE",
                "fitscore.aws.secret-access-key", "s", "fitscore.aws.session-token", "tok")));
        assertEquals("org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider", access.s3aSettings().get("fs.s3a.aws.credentials.provider"));
        assertEquals("tok", access.s3aSettings().get("fs.s3a.session.token"));
    }

    @Test
    void autoWithoutKeysUsesTheDefaultChainInBothClients() {
        AwsAccess access = AwsAccess.decide(TestConfig.of(Map.of()));
        assertEquals(CredentialsKind.DEFAULT, access.kind());
        Map<String, String> s3a = access.s3aSettings();
        assertEquals("software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider,"
                + "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider,"
                + "software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider,"
                + "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider,"
                + "software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider",
                s3a.get("fs.s3a.aws.credentials.provider"), "the SDK default chain's order (web identity only when configured)");
        assertFalse(s3a.containsKey("fs.s3a.secret.key"));
        assertFalse(s3a.containsKey("fs.s3a.endpoint"), "no endpoint override against real AWS");
    }

    @Test
    void halfAKeyPairIsAConfigError() {
        FitscoreException e = assertThrows(FitscoreException.class,
                () -> AwsAccess.decide(TestConfig.of(Map.of("fitscore.aws.access-key-id", "AKIDEXAMPLE"))));
        assertEquals(ExitCode.CONFIG, e.exitCode());
        assertTrue(e.getMessage().contains("AWS_SECRET_ACCESS_KEY"));
    }

    @Test
    void staticWithoutKeysAndUnknownKindsAreConfigErrors() {
        assertEquals(ExitCode.CONFIG, assertThrows(FitscoreException.class,
                () -> AwsAccess.decide(TestConfig.of(Map.of("fitscore.credentials", "static")))).exitCode());
        assertEquals(ExitCode.CONFIG, assertThrows(FitscoreException.class,
                () -> AwsAccess.decide(TestConfig.of(Map.of("fitscore.credentials", "magic")))).exitCode());
        assertEquals(ExitCode.CONFIG, assertThrows(FitscoreException.class,
                () -> AwsAccess.decide(TestConfig.of(Map.of("fitscore.s3-endpoint", "127.0.0.1:9000")))).exitCode());
    }
}
