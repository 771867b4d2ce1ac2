/**
 * Network failures that another try cannot mend: the host name does not
 * exist (`ENOTFOUND`, a definitive DNS answer; `EAI_AGAIN`, a DNS server
 * that did not answer, is worth retrying) or the server's certificate is
 * refused. Downloads and the OpenCTI client both stop at once on them.
 */
export function isDefinitiveFailure(cause: unknown): boolean {
  const code = codeOf(cause);
  return code !== undefined && (code === 'ENOTFOUND' || CERTIFICATE.has(code));
}

/** The server's TLS certificate was refused (expired, self-signed, an
 * unknown authority, another name). */
export function isCertificateFailure(cause: unknown): boolean {
  const code = codeOf(cause);
  return code !== undefined && CERTIFICATE.has(code);
}

const codeOf = (cause: unknown): string | undefined => {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};

const CERTIFICATE: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);
