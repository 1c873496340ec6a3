package dev.tributary.adapters.local.ids;

import dev.tributary.application.port.out.IdempotencyKeys;
import dev.tributary.application.port.out.IdempotencyKeysContract;

class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {
    @Override
    protected IdempotencyKeys newKeys() {
        return new InMemoryIdempotencyKeys();
    }
}
