package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.sqs.BatchMessages;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import dev.tributary.application.port.in.WriteRawBatch;

import java.util.HashMap;
import java.util.Map;

/**
 * The raw writer as a Lambda on the ingest queue: each batch in the SQS event is written to the raw zone, and the
 * response names the messages to deliver again ({@code batchItemFailures}, with ReportBatchItemFailures enabled on
 * the event source mapping), so Lambda deletes only messages whose raw object is durable (invariant 3). A message that
 * is not a batch, or whose spooled payload is gone, is delivered again and then dead-lettered by SQS; an outage of S3
 * is waited out ({@link QueueEvents}).
 */
public final class WriteRawBatchHandler {
    private final WriteRawBatch writeRawBatch;
    private final BatchMessages.Spool spool;
    private final QueueEvents events;

    public WriteRawBatchHandler(WriteRawBatch writeRawBatch, BatchMessages.Spool spool, QueueEvents events) {
        this.writeRawBatch = writeRawBatch;
        this.spool = spool;
        this.events = events;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        // its outcome is counted and logged by the stage itself
        return events.handle(event, m -> writeRawBatch.write(BatchMessages.decode(message(m), spool)));
    }

    private static SqsMessage message(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = new HashMap<>();
        if (m.getMessageAttributes() != null) {
            m.getMessageAttributes().forEach((k, v) -> attributes.put(k, v.getStringValue()));
        }
        return new SqsMessage(m.getBody() == null ? "" : m.getBody(), attributes);
    }
}
