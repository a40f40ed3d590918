package lat.warp.reporting;

/** A stored file's bytes, to be served inert (application/octet-stream, as an attachment, nosniff). */
public record AttachmentContent(AttachmentInfo info, byte[] content) {
}
