package dev.tributary.application.usecase;

import dev.tributary.application.TestBatches;
import dev.tributary.application.TestSources;
import dev.tributary.application.port.in.RedriveDeadLetters.Moved;
import dev.tributary.application.port.in.RedriveDeadLetters.RedriveReport;
import dev.tributary.application.port.in.RedriveDeadLetters.Step;
import dev.tributary.application.port.out.MessageQueue;
import dev.tributary.application.refusal.UnknownSourceException;
import dev.tributary.application.refusal.UnknownStepException;
import dev.tributary.domain.batch.Batch;
import dev.tributary.domain.lake.ObjectKey;
import dev.tributary.domain.lake.Zone;
import dev.tributary.domain.source.SourceName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class RedriveDeadLettersServiceTest {
    private static final SourceName CLICKS = new SourceName("clicks");
    private final CatalogOf catalog = CatalogOf.sources(TestSources.orders(), TestSources.clicks());
    @SuppressWarnings("unchecked")
    private final MessageQueue<Batch> ingest = mock(MessageQueue.class);
    @SuppressWarnings("unchecked")
    private final MessageQueue<ObjectKey> raw = mock(MessageQueue.class);
    @SuppressWarnings("unchecked")
    private final MessageQueue<ObjectKey> transformed = mock(MessageQueue.class);
    @SuppressWarnings("unchecked")
    private final MessageQueue<ObjectKey> staged = mock(MessageQueue.class);

    private RedriveDeadLettersService local() {
        return new RedriveDeadLettersService(catalog, ingest,
                Map.of(Zone.RAW, raw, Zone.TRANSFORMED, transformed, Zone.STAGED, staged));
    }

    @Test
    void redrivesEveryStepInPipelineOrderWhenNoStepIsNamed() {
        when(ingest.redriveDeadLetters(any())).thenReturn(1L);
        when(raw.redriveDeadLetters(any())).thenReturn(0L);
        when(transformed.redriveDeadLetters(any())).thenReturn(2L);
        when(staged.redriveDeadLetters(any())).thenReturn(72L);

        RedriveReport report = local().redrive(Optional.empty(), Optional.empty());

        assertThat(report.steps()).containsExactly(new Moved(Step.WRITE_RAW, 1), new Moved(Step.TRANSFORM, 0),
                new Moved(Step.STAGE, 2), new Moved(Step.AGGREGATE, 72));
        assertThat(report.total()).isEqualTo(75);
    }

    @Test
    void redrivesOnlyTheNamedStep() {
        when(staged.redriveDeadLetters(any())).thenReturn(3L);

        RedriveReport report = local().redrive(Optional.of(Step.AGGREGATE), Optional.empty());

        assertThat(report.steps()).containsExactly(new Moved(Step.AGGREGATE, 3));
        verify(ingest, never()).redriveDeadLetters(any());
        verify(raw, never()).redriveDeadLetters(any());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSourceRedrivesOnlyThatSourcesBatchesAndObjectKeys() {
        ArgumentCaptor<Predicate<? super Batch>> batches = ArgumentCaptor.forClass(Predicate.class);
        ArgumentCaptor<Predicate<? super ObjectKey>> keys = ArgumentCaptor.forClass(Predicate.class);

        local().redrive(Optional.empty(), Optional.of(TestBatches.ORDERS));

        verify(ingest).redriveDeadLetters(batches.capture());
        verify(staged).redriveDeadLetters(keys.capture());
        assertThat(batches.getValue().test(TestBatches.orders(1))).isTrue();
        assertThat(keys.getValue().test(TestBatches.rawKey(TestBatches.ORDERS, TestBatches.AT))).isTrue();
        assertThat(keys.getValue().test(TestBatches.rawKey(CLICKS, TestBatches.AT))).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutASourceEveryDeadLetterIsRedriven() {
        ArgumentCaptor<Predicate<? super ObjectKey>> keys = ArgumentCaptor.forClass(Predicate.class);

        local().redrive(Optional.of(Step.TRANSFORM), Optional.empty());

        verify(raw).redriveDeadLetters(keys.capture());
        assertThat(keys.getValue().test(TestBatches.rawKey(CLICKS, TestBatches.AT))).isTrue();
    }

    @Test
    void anUnknownSourceIsRefusedBeforeAnythingMoves() {
        assertThatThrownBy(() -> local().redrive(Optional.empty(), Optional.of(new SourceName("nope"))))
                .isInstanceOf(UnknownSourceException.class);

        verify(ingest, never()).redriveDeadLetters(any());
        verify(staged, never()).redriveDeadLetters(any());
    }

    @Test
    void aStepThisDeploymentHasNoQueueForIsRefused() {
        RedriveDeadLettersService aws = new RedriveDeadLettersService(catalog, ingest, Map.of(Zone.STAGED, staged));

        assertThatThrownBy(() -> aws.redrive(Optional.of(Step.TRANSFORM), Optional.empty()))
                .isInstanceOf(UnknownStepException.class).hasMessageContaining("write_raw, aggregate");
        assertThat(aws.redrive(Optional.empty(), Optional.empty()).steps()).extracting(Moved::step)
                .containsExactly(Step.WRITE_RAW, Step.AGGREGATE);
    }

    @Test
    void stepsAreNamedByTheirVerb() {
        assertThat(Step.ofVerb("write_raw")).isEqualTo(Step.WRITE_RAW);
        assertThat(Step.ofVerb("Aggregate")).isEqualTo(Step.AGGREGATE);
        assertThatThrownBy(() -> Step.ofVerb("ingest")).isInstanceOf(UnknownStepException.class)
                .hasMessage("a step is one of: write_raw, transform, stage, aggregate");
    }
}
