package dev.tributary.adapters.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.tributary.adapters.aws.sqs.BatchMessages;
import dev.tributary.application.port.in.WriteRawBatch;
import dev.tributary.domain.batch.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw writer as a Lambda on the ingest queue: each batch in the SQS event is written to the raw zone, and the
 * response names the messages to retry ({@code batchItemFailures}, with ReportBatchItemFailures enabled on the
 * event source mapping) so Lambda deletes only messages whose raw object is durable (invariant 3). A batch that
 * arrived in parts is written when every part is in the same event; otherwise its parts are retried, and SQS
 * dead-letters them after maxReceiveCount.
 */
public final class WriteRawBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WriteRawBatchHandler.class);
    private final WriteRawBatch writeRawBatch;

    public WriteRawBatchHandler(WriteRawBatch writeRawBatch) {
        this.writeRawBatch = writeRawBatch;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        Map<String, List<SQSEvent.SQSMessage>> byBatch = new LinkedHashMap<>();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage m : event.getRecords()) {
            BatchMessages.Message message = message(m);
            String batchId = message.attributes().get("batch-id");
            if (batchId == null) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));   // not a batch: to the DLQ in time
                continue;
            }
            byBatch.computeIfAbsent(batchId, id -> new ArrayList<>()).add(m);
        }
        byBatch.values().forEach(parts -> {
            try {
                Batch batch = BatchMessages.decode(parts.stream().map(WriteRawBatchHandler::message).toList());
                writeRawBatch.write(batch);
                LOG.atDebug().addKeyValue("source", batch.source()).addKeyValue("batchId", batch.id())
                        .addKeyValue("attempt", parts.get(0).getAttributes().get("ApproximateReceiveCount"))
                        .log("raw batch written");
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("batchId", message(parts.get(0)).attributes().get("batch-id"))
                        .addKeyValue("error", e.toString()).log("raw batch not written, will be delivered again");
                parts.forEach(p -> failures.add(new SQSBatchResponse.BatchItemFailure(p.getMessageId())));
            }
        });
        return new SQSBatchResponse(failures);
    }

    private static BatchMessages.Message message(SQSEvent.SQSMessage m) {
        Map<String, String> attributes = new HashMap<>();
        if (m.getMessageAttributes() != null) {
            m.getMessageAttributes().forEach((k, v) -> attributes.put(k, v.getStringValue()));
        }
        return new BatchMessages.Message(m.getBody() == null ? "" : m.getBody(), attributes);
    }
}
