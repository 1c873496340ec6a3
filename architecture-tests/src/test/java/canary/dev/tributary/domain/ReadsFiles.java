package canary.dev.tributary.domain;

import java.io.File;

/** Canary for domainIsPlainJava: the domain doing I/O. */
public class ReadsFiles {
    public boolean exists(String path) {
        return new File(path).exists();
    }
}
