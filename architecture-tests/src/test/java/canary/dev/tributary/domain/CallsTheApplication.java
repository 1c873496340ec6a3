package canary.dev.tributary.domain;

import canary.dev.tributary.application.CallsAnAdapter;

/** Canary for modulesAreFreeOfCycles: domain -> application, while application -> domain. */
public class CallsTheApplication {
    public String call() {
        return new CallsAnAdapter().toString();
    }
}
