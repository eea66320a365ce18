// The judge's /v1 API as the browser uses it: the session cookie, the
// session's CSRF token on every change, and errors as readable sentences.

export interface Session { key_id: string; role: "candidate" | "interviewer" | "admin"; csrf_token?: string }

let csrf = "";

/** An API failure, said for a person: the problem document's detail, and
 * when to retry; `errors` lists what a rejected package got wrong. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly errors: string[] = []) {
    super(message);
  }
}

async function failure(response: Response): Promise<ApiError> {
  let detail = `${response.status} ${response.statusText}`;
  let errors: string[] = [];
  try {
    const problem = await response.json();
    detail = problem.detail || problem.title || detail;
    if (Array.isArray(problem.errors)) errors = problem.errors.map(String);
  } catch {
    // Not a problem document: the status line says enough.
  }
  const retry = response.headers.get("retry-after");
  if (response.status === 429 && retry) detail += ` Try again in ${retry} s.`;
  if (response.status === 413) detail = `Too large: ${detail}`;
  return new ApiError(response.status, detail, errors);
}

/** `method path` with a JSON body; the parsed JSON answer (null for 204). */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrf) headers["x-csrf-token"] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? (null as T) : ((await response.json()) as T);
}

/** POSTs a file's bytes as they are (a problem package's zip). */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/zip", ...(csrf ? { "x-csrf-token": csrf } : {}) },
    body: file,
    credentials: "same-origin",
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** Who is signed in, or null (the server answers 204). */
export async function whoami(): Promise<Session | null> {
  const session = await call<Session | null>("GET", "/v1/session");
  csrf = session?.csrf_token ?? "";
  return session;
}

export async function signIn(key: string): Promise<Session> {
  const session = await call<Session>("POST", "/v1/session", { key });
  csrf = session.csrf_token ?? "";
  return session;
}

export async function signOut(): Promise<void> {
  await call("DELETE", "/v1/session");
  csrf = "";
}
