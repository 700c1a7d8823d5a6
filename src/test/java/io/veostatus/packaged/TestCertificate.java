package io.veostatus.packaged;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made at test time with the JDK's
 * {@code keytool} (nothing secret is kept in the repository): a PKCS#12 key store for the HTTPS stand-in of the
 * Veo API, and a PKCS#12 trust store holding only its certificate for the function. Valid for two days.
 */
public record TestCertificate(Path keyStore, Path trustStore, String password) {

    public static TestCertificate create() throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory("veo-status-tls");
        String password = "test-only-store-password";
        Path keyStore = folder.resolve("veo-api.p12");
        Path certificate = folder.resolve("veo-api.pem");
        Path trustStore = folder.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "veo-api", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "veo-api", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "veo-api", "-file", certificate.toString(),
                "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
        return new TestCertificate(keyStore, trustStore, password);
    }

    /** The settings under which the record-info REST client trusts this certificate (and the JDK's authorities no more). */
    public Map<String, String> trustedByTheRestClient() {
        return Map.of("QUARKUS_REST_CLIENT_RECORD_INFO_TRUST_STORE", trustStore.toString(),
                "QUARKUS_REST_CLIENT_RECORD_INFO_TRUST_STORE_PASSWORD", password,
                "QUARKUS_REST_CLIENT_RECORD_INFO_TRUST_STORE_TYPE", "PKCS12");
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            keytool.destroyForcibly();
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + printed);
        }
    }
}
