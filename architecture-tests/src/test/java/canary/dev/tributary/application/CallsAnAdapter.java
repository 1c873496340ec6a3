package canary.dev.tributary.application;

import canary.dev.tributary.adapters.local.UsesAwsAdapter;
import canary.dev.tributary.domain.OrderManager;

/** Canary for applicationDependsOnlyOnDomain: a use case reaching into an adapter. */
public class CallsAnAdapter {
    private final OrderManager orders = new OrderManager();

    public Object adapter() {
        return new UsesAwsAdapter();
    }

    @Override
    public String toString() {
        return orders.toString();
    }
}
