package io.veostatus.packaged;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * target/function.zip as Lambda unpacks and runs it, for the tests that start the packaged function: the zip
 * unpacked into a task folder (Lambda's /var/task), and the class path the managed Java runtime gives the JVM
 * package (the folder, its lib/*, then AWS's runtime interface client from the test class path).
 */
final class FunctionZip {

    private FunctionZip() {
    }

    /** A new temporary task folder holding the zip's entries. */
    static Path unpack(Path zip, String folderPrefix) throws IOException {
        Path into = Files.createTempDirectory(folderPrefix);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        return into;
    }

    /** As the managed runtime: /var/task and /var/task/lib/*, then the runtime interface client. */
    static String runtimeClasspath(Path task) {
        List<String> classpath = new ArrayList<>(List.of(task.toString(), task.resolve("lib") + File.separator + "*"));
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(jar -> jar.contains("aws-lambda-java-runtime-interface-client")
                        || jar.contains("aws-lambda-java-serialization") || jar.contains("utils-lite"))
                .forEach(classpath::add);
        return String.join(File.pathSeparator, classpath);
    }
}
