package org.certportal.platform;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * Run in a JVM of its own by {@link EmbeddedDatabaseTest}: opens the embedded database the way the
 * portal does (bind address first, then the shipped URL), prints the address its AUTO_SERVER wrote
 * into the lock file for other processes, and keeps the database open until stdin closes.
 */
public final class AutoServerProbe {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        EmbeddedDatabase.bindServersToLoopback();
        try (Connection c = DriverManager.getConnection(url, "sa", args[1])) {
            Path lock = Path.of(EmbeddedDatabase.databaseFile(url).toString().replace(".mv.db", ".lock.db"));
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(lock)) {
                p.load(in);
            }
            System.out.println("server=" + p.getProperty("server"));
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the test to finish knocking
            }
        }
    }
}
