package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.sqs.BatchMessages;
import dev.tributary.adapters.aws.sqs.SqsMessage;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.domain.batch.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw writer as a Lambda on the ingest queue: each batch in the SQS event is written to the raw zone, and the
 * response names the messages to retry ({@code batchItemFailures}, with ReportBatchItemFailures enabled on the
 * event source mapping) so Lambda deletes only messages whose raw object is durable (invariant 3). A message that is
 * not a batch, or whose spooled payload cannot be read, is retried and then dead-lettered by SQS.
 */
public final class WriteRawBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WriteRawBatchHandler.class);
    private final WriteRawBatch writeRawBatch;
    private final BatchMessages.Spool spool;

    public WriteRawBatchHandler(WriteRawBatch writeRawBatch, BatchMessages.Spool spool) {
        this.writeRawBatch = writeRawBatch;
        this.spool = spool;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            SqsMessage message = message(m);
            try {
                Batch batch = BatchMessages.decode(message, spool);
                writeRawBatch.write(batch);   // its outcome is counted and logged by the stage itself
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("messageId", m.getMessageId())
                        .addKeyValue("batchId", message.attributes().get("batch-id"))
                        .addKeyValue("error", e.toString()).log("raw batch not written, will be delivered again");
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private static SqsMessage message(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = new HashMap<>();
        if (m.getMessageAttributes() != null) {
            m.getMessageAttributes().forEach((k, v) -> attributes.put(k, v.getStringValue()));
        }
        return new SqsMessage(m.getBody() == null ? "" : m.getBody(), attributes);
    }
}
