package canary.dev.tributary.domain;

/** Canary for domainAndApplicationAvoidVagueNames. */
public class OrderManager {
}
