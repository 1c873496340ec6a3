package dev.tributary.bootstrap.cli;

import dev.tributary.adapters.local.access.LocalKeyFiles;
import dev.tributary.adapters.local.access.LocalKeyFiles.HeldKey;
import dev.tributary.application.port.out.KeyDigest;
import dev.tributary.domain.access.AccessGrant;
import dev.tributary.domain.access.AccessKeyList;
import dev.tributary.domain.access.Right;
import dev.tributary.domain.source.SourceName;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tributary keys}: the access keys of this machine's pipeline (files under {@code <data>/keys}), and new keys
 * for a Secrets Manager secret. A key is shown only to whoever can read the data directory.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Show or create access keys (ingest per source, read, operator).",
        subcommands = {KeysCommand.Show.class, KeysCommand.Create.class})
class KeysCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'tributary keys show' or 'tributary keys create'; --help explains each.");
    }

    static Right right(String label) {
        return Right.ofLabel(label.toLowerCase(Locale.ROOT));
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one of your local keys, e.g. for curl: -H \"Authorization: Bearer $(tributary keys show --source orders)\".")
    static class Show implements Callable<Integer> {
        @Option(names = "--right", defaultValue = "ingest", description = "ingest, read or operator (default ${DEFAULT-VALUE}).")
        String right;

        @Option(names = "--source", description = "The source of an ingest key.")
        String source;

        @Inject
        LocalKeyFiles files;

        @Override
        public Integer call() {
            Right wanted = right(right);
            if (wanted == Right.INGEST && source == null) {
                System.err.println("An ingest key belongs to one source: add --source NAME.");
                return 2;
            }
            Optional<String> key = files.keyFor(wanted, Optional.ofNullable(source).map(SourceName::new));
            if (key.isEmpty()) {
                System.err.println("No " + wanted.label() + " key" + (source == null ? "" : " for " + source)
                        + " in " + files.myKeys() + ". Start the pipeline once (tributary run) or create one.");
                return 1;
            }
            System.out.println(key.get());
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key. Locally it is added to the key files and a running pipeline accepts it within"
                    + " a second; with --for-secret nothing is written: add the printed line to the Secrets Manager secret.")
    static class Create implements Callable<Integer> {
        @Option(names = "--right", required = true, description = "ingest, read or operator.")
        String right;

        @Option(names = "--source", description = "The source an ingest key may post to.")
        String source;

        @Option(names = "--label", description = "Who holds the key (letters, digits, _.:@-); default: the date.")
        String label;

        @Option(names = "--for-secret", description = "Print the key and its secret line instead of writing local files.")
        boolean forSecret;

        @Inject
        LocalKeyFiles files;

        @Override
        public Integer call() {
            Right r = right(right);
            String name = label != null ? label : "key-" + LocalDate.now(ZoneOffset.UTC);
            AccessGrant grant = r == Right.INGEST ? AccessGrant.ingest(new SourceName(requireSource()), name)
                    : AccessGrant.of(r, name);
            if (forSecret) {
                String key = LocalKeyFiles.newKey();
                System.out.println("key (give it to its holder, it is not stored): " + key);
                System.out.println("line for the secret: " + AccessKeyList.line(KeyDigest.of(key).hex(), grant));
                return 0;
            }
            HeldKey created = files.create(grant);
            System.out.println(created.key());
            System.err.println("Added to " + files.accessKeys() + " and " + files.myKeys() + ".");
            return 0;
        }

        private String requireSource() {
            if (source == null) {
                throw new IllegalArgumentException("an ingest key belongs to one source: add --source NAME");
            }
            return source;
        }
    }
}
