/**
 * A failure as the deploy reports it: raw, with the AWS error name (or Node's system error code)
 * preserved, so the caller's classifier can tell AccessDenied from NoSuchBucket from
 * ECONNREFUSED without parsing messages.
 */
export interface RawAwsError {
  message: string;
  /** The AWS error code (`AccessDenied`, `SlowDown`, `NoSuchDistribution`) or the system error code (`ECONNREFUSED`). */
  code?: string;
  /** The error's class name as thrown (`AccessDenied`, `S3ServiceException`, `Error`, `TimeoutError`). */
  name: string;
  httpStatus?: number;
}

interface AwsLikeError {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  errno?: unknown;
  cause?: unknown;
  errors?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

export function describeAwsError(error: unknown): RawAwsError {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) {
    return { message: String(error), name: 'Error' };
  }
  const e = error as AwsLikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = (typeof e.message === 'string' && e.message.trim() !== '' ? e.message : name).split('\n')[0]!.trim();
  const described: RawAwsError = { message, name };
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') described.httpStatus = status;
  const code = awsCode(e);
  if (code) described.code = code;
  return described;
}

function awsCode(e: AwsLikeError): string | undefined {
  if (typeof e.Code === 'string') return e.Code;
  if (typeof e.code === 'string') return e.code;
  if (e.$fault !== undefined && typeof e.name === 'string') return e.name;
  // Node wraps a failed connection to several addresses in an AggregateError.
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = typeof inner === 'object' && inner !== null ? awsCode(inner as AwsLikeError) : undefined;
      if (code) return code;
    }
  }
  if (typeof e.cause === 'object' && e.cause !== null) return awsCode(e.cause as AwsLikeError);
  return undefined;
}

/** Error codes S3 (and the AWS SDK) use for "too many requests": retrying later is the remedy. */
const THROTTLING_CODES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException']);

/** True for an S3 throttling answer (503 SlowDown and kin), which the SDK has already retried. */
export function isThrottling(error: Pick<RawAwsError, 'code' | 'name'>): boolean {
  return THROTTLING_CODES.has(error.code ?? '') || THROTTLING_CODES.has(error.name);
}
