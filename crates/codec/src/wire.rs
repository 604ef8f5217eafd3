//! Protobuf decoding that says where it failed: prost's own errors carry no
//! offset, so a message is merged one top-level field at a time and a
//! failure is reported at the start of the field that broke.

use prost::bytes::Buf;
use prost::encoding::{decode_key, DecodeContext};
use prost::Message;

use crate::error::DecodeError;

/// Merges `bytes` into `message`; the error names the field's first byte.
pub(crate) fn merge<M: Message>(message: &mut M, bytes: &[u8]) -> Result<(), DecodeError> {
    let mut buf = bytes;
    while buf.has_remaining() {
        let offset = bytes.len() - buf.remaining();
        let failed = |err: prost::DecodeError| DecodeError::new(offset, clean(&err));
        let (tag, wire_type) = decode_key(&mut buf).map_err(failed)?;
        message
            .merge_field(tag, wire_type, &mut buf, DecodeContext::default())
            .map_err(|err| DecodeError::new(offset, format!("field {tag}: {}", clean(&err))))?;
    }
    Ok(())
}

/// prost's message without its "failed to decode Protobuf message: " lead.
fn clean(err: &prost::DecodeError) -> String {
    let text = err.to_string();
    text.strip_prefix("failed to decode Protobuf message: ").unwrap_or(&text).to_owned()
}
