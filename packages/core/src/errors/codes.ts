/**
 * Every error code the SDK raises, by category, with what it means: the one
 * table apps switch on and docs are generated from. Each EdgeplayError
 * subclass takes its code type from here (`ErrorCode<'media'>`…), so a code
 * that is not in the table does not compile.
 */
export const ERROR_CODES = {
  manifest: {
    MANIFEST_EMPTY: 'input is empty or not text of the expected format at all',
    MANIFEST_TOO_LARGE: 'the manifest exceeds the size limit',
    MANIFEST_XML_MALFORMED: 'XML is not well-formed (unclosed tag, bad entity, garbage)',
    MANIFEST_WRONG_FORMAT: 'root element is not <MPD>, the playlist lacks #EXTM3U, or no registered format matches',
    MANIFEST_MISSING_ATTRIBUTE: 'a required attribute or tag is missing',
    MANIFEST_INVALID_VALUE: 'an attribute has a value of the wrong type or outside the sane range',
    MANIFEST_LIMIT_EXCEEDED: 'numbers that would make the parser loop forever or allocate without bound',
    MANIFEST_NO_PLAYABLE_CONTENT: 'structure that cannot be played (no periods, tracks or segments)',
    MANIFEST_UNDEFINED_VARIABLE: 'HLS #EXT-X-DEFINE reference to an undefined variable',
    MANIFEST_UNSUPPORTED: 'a feature recognised but not modelled',
    MANIFEST_SIDX_INVALID: 'the segment index (sidx) in the media could not be parsed',
    MANIFEST_URI_REFUSED: 'a URI with a scheme outside the allow-list (javascript:, file:, data:…) or scheme-relative',
    MANIFEST_WEBM_CUES_INVALID: 'the WebM Cues / Info of a SegmentBase title could not be parsed',
  },
  network: {
    HTTP_ERROR: 'the server answered with a non-2xx status (details.status)',
    TIMEOUT: 'no first byte or no completion within the timeout (details.timeoutPhase)',
    ABORTED: 'the request was aborted (seek, track switch, unload)',
    CONNECTION_FAILED: 'no answer at all (DNS, refused, reset, CORS)',
    BAD_RESPONSE: 'an answer that cannot be used (empty, wrong type, invalid URL)',
    ALL_PATHWAYS_FAILED: 'every pathway (CDN) failed for the request, after retries (details.failures)',
  },
  media: {
    MEDIA_APPEND_FAILED: 'the sink refused data or an operation (closed source, rejected bytes)',
    MEDIA_DECODE_ERROR: 'the decoder failed on appended media',
    SEGMENT_CORRUPT: 'a segment could not be used and was skipped (recoverable) or too many in a row (fatal)',
    SEGMENT_UNAVAILABLE: 'a segment the server refuses (e.g. 404 on every pathway and rendition) left a hole the playhead skips (recoverable; details.uri), or too many in a row (fatal)',
    QUOTA_EXCEEDED: 'the sink buffer is full',
    MEDIA_TYPE_UNSUPPORTED: 'the platform cannot play this container/codec',
    SOURCE_BUFFER_FAILED: 'the platform refused to create a media buffer (MSE addSourceBuffer threw: too many buffers, source not open); details.mimeCodecs, details.exception',
    SEGMENT_STAGE_FAILED: 'a segment pipeline stage (decrypt, transmux…) threw; details.stage names it',
    KEY_LOAD_FAILED: 'a segment key (HLS EXT-X-KEY URI, DASH SEA key URL) could not be fetched or has the wrong length; details.keyUri',
    DECRYPT_FAILED: 'ciphertext did not decrypt (bad PKCS#7 padding: wrong key or IV; truncated data); details.keyUri, details.failure',
    TRANSMUX_INVALID: 'a transport stream / elementary stream / packed-audio segment is malformed beyond recovery (details name the PID, stream and reason)',
    MEDIA_UNSUPPORTED: 'well-formed media in a container, codec or stream type the engine cannot package (details name it)',
    ENCRYPTION_UNSUPPORTED: 'an encryption method or layout recognised but not decryptable; details.method',
    TRANSMUX_WORKER_FAILED: 'the transmux Web Worker could not start or crashed; transmuxing continues on the main thread (recoverable); details.reason',
  },
  drm: {
    DRM_NO_KEY_SYSTEM: 'no configured or signalled key system is supported by the platform',
    DRM_NO_LICENSE_SERVER: 'protected content but no licence server for the chosen key system',
    DRM_INIT_DATA_INVALID: 'init data (PSSH, PlayReady object, skd:) could not be parsed',
    DRM_LICENSE_REQUEST_FAILED: 'the licence request failed at the HTTP level or timed out',
    DRM_LICENSE_REJECTED: 'the server refused the licence (401/403)',
    DRM_CONCURRENCY_LIMIT: 'the account has too many concurrent streams',
    DRM_LICENSE_UPDATE_FAILED: 'the CDM rejected the licence response',
    DRM_SERVER_CERTIFICATE_FAILED: 'setting the server certificate failed',
    DRM_SESSION_FAILED: 'creating or generating a session failed',
    DRM_KEY_EXPIRED: 'a key expired and no renewal arrived',
    DRM_KEY_INTERNAL_ERROR: 'the CDM reported internal-error for a key',
    DRM_ALL_TRACKS_RESTRICTED: 'every playable track is restricted by key status (output restriction / HDCP)',
    DRM_HEARTBEAT_FAILED: 'a stream-session heartbeat failed or was refused',
    DRM_NOT_REGISTERED: 'protected content, but the player was composed without a DRM module (the no-drm entry); use the full entry or register createDrmModule()',
  },
  text: {
    TEXT_INVALID: 'a subtitle file or segment does not parse (skipped; video goes on)',
  },
  player: {
    NO_PLAYABLE_TRACKS: 'no track the platform can play (unsupported or restricted)',
    BEHIND_LIVE_WINDOW: 'the live playhead fell out of the DVR window (recovered by seeking)',
    INVALID_CONFIG: 'a configuration value is out of range (details.field)',
    INVALID_STATE: 'an API call the player cannot honour in its state (e.g. load() after destroy())',
    UNKNOWN_TRACK: 'no track with that id or language',
    LOAD_INTERRUPTED: 'a load or play() was superseded',
    PLAYBACK_NOT_ALLOWED: 'the platform refused to start playback (autoplay policy)',
    INTERNAL_ERROR: 'an unexpected exception inside the engine (a bug); cause holds it',
    ABR_STRATEGY_FAILED: 'a pluggable ABR strategy threw or rejected; the last choice stays',
    START_STALLED: 'playback could not start: no time where every media type has media, or no buffered progress within streaming.startTimeoutMs',
  },
  steering: {},
  offline: {
    OFFLINE_QUOTA_EXCEEDED: 'the download would not fit: estimated bytes + storage in use exceed the allowed share of the quota',
    OFFLINE_NOT_FOUND: 'no download with that id is stored',
    OFFLINE_RESOURCE_MISSING: 'a stored resource is missing (the download is incomplete there)',
    OFFLINE_RESOURCE_CORRUPT: 'a stored resource does not match its checksum (storage corruption)',
    OFFLINE_STORAGE_FAILED: 'the storage backend refused a read or write',
    OFFLINE_INVALID_STATE: 'the operation does not fit the download (e.g. a live title)',
    OFFLINE_LICENCE_EXPIRED: 'the offline licence of the download has expired: renew it (renewLicence) while online',
    OFFLINE_LICENCE_REFUSED: 'the licence server refused the download licence, its renewal or release (details.status, details.serverCode: e.g. DOWNLOAD_LIMIT)',
    OFFLINE_LICENCE_FAILED: 'the download licence could not be obtained or used (network down, CDM failure, unreadable answer)',
  },
} as const satisfies Record<string, Record<string, string>>;

/** Subsystem that raised the error. */
export type ErrorCategory = keyof typeof ERROR_CODES;

/** The codes of `C`. */
export type ErrorCode<C extends ErrorCategory = ErrorCategory> = C extends ErrorCategory ? keyof (typeof ERROR_CODES)[C] & string : never;

/** What `code` means, or undefined for a code outside the table. */
export function describeErrorCode(code: string): string | undefined {
  for (const codes of Object.values(ERROR_CODES)) if (code in codes) return (codes as Record<string, string>)[code];
  return undefined;
}
