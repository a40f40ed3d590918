package lat.warp.audit.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The hash of an audit entry: SHA-256 over a fixed tag, the previous hash and a canonical encoding of
 * every stored field. Each field is written as a presence byte followed, when present, by its length
 * and bytes, so no two different entries share an encoding (moving text from one field to the next,
 * or turning an empty string into a missing one, changes the hash). Never change this encoding: old
 * entries would no longer verify. A new encoding needs a new tag and a way to tell which one an entry used.
 */
public final class AuditHashing {

    public static final int HASH_LENGTH = 32;

    /** The hash the first entry links to. */
    public static final byte[] GENESIS = new byte[HASH_LENGTH];

    private static final byte[] TAG = "warp-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private AuditHashing() {
    }

    /** PostgreSQL keeps microseconds: hashing more would make a stored entry fail its own check. */
    public static Instant storablePrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    public static byte[] hash(StoredEntry entry) {
        return hash(entry.prevHash(), entry.seq(), entry.occurredAt(), entry.action(), entry.outcome(),
                entry.actorKind(), entry.actorId(), entry.actorLabel(),
                entry.organisationId() == null ? null : entry.organisationId().toString(), entry.objectType(),
                entry.objectId(), entry.sourceAddress(), entry.details());
    }

    static byte[] hash(byte[] prevHash, long seq, Instant occurredAt, String action, String outcome, String actorKind,
            @Nullable String actorId, String actorLabel, @Nullable String organisationId, @Nullable String objectType,
            @Nullable String objectId, @Nullable String sourceAddress, Map<String, String> details) {
        Encoder out = new Encoder();
        out.bytes(TAG);
        out.bytes(prevHash);
        out.number(seq);
        out.number(epochMicros(occurredAt));
        out.text(action);
        out.text(outcome);
        out.text(actorKind);
        out.text(actorId);
        out.text(actorLabel);
        out.text(organisationId);
        out.text(objectType);
        out.text(objectId);
        out.text(sourceAddress);
        Map<String, String> sorted = new TreeMap<>(details);
        out.number(sorted.size());
        sorted.forEach((key, value) -> {
            out.text(key);
            out.text(value);
        });
        return sha256(out.toByteArray());
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    private static final class Encoder {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

        void bytes(byte[] value) {
            buffer.write(1);
            buffer.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(value.length).array());
            buffer.writeBytes(value);
        }

        void text(@Nullable String value) {
            if (value == null) {
                buffer.write(0);
            } else {
                bytes(value.getBytes(StandardCharsets.UTF_8));
            }
        }

        void number(long value) {
            buffer.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
        }

        byte[] toByteArray() {
            return buffer.toByteArray();
        }
    }
}
