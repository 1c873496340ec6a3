package dev.tributary.adapters.aws.sqs;

import java.util.List;

/** How one kind of pipeline message travels as SQS messages: batches ({@link BatchMessages}), notices ({@link ObjectKeyNotices}). */
public interface SqsMessageFormat<M> {

    SqsMessage encode(M message);

    /**
     * What one SQS message carries: one batch, or the objects of an S3 event notification (none for S3's
     * {@code s3:TestEvent}, several when S3 grouped records).
     *
     * @throws IllegalArgumentException for a message that is none of these: it is left for the dead-letter queue
     */
    List<M> decode(SqsMessage message);
}
