package canary.dev.tributary.application;

/** Canary for domainAndApplicationAvoidVagueNames. */
public class IngestBatchServiceImpl {
}
