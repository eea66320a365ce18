// The web app: sign in with a key, then what the key's role may see.
// Candidates: the problems, a problem page (statement, editor, Run, Submit
// with live per-test progress), their submissions. Interviewers also: every
// submission (filters, cursor paging), problem upload, candidates' keys.
// Admins also: the status page and the runbooks. A pad's link
// (`#/pad/TOKEN`) opens the pad without signing in: the link is the
// credential. Pages are chosen by the
// URL's hash (`pages/`); every number and verdict comes from /v1.

import { ApiError, signOut, whoami, type Session } from "./api";
import { keysPage } from "./pages/keys";
import { padPage } from "./pages/pad";
import { padsPage } from "./pages/pads";
import { replayPage } from "./pages/replay";
import { problemPage } from "./pages/problem";
import { problemsPage } from "./pages/problems";
import { runbookPage } from "./pages/runbook";
import { signInPage } from "./pages/signin";
import { statusPage } from "./pages/status";
import { submissionPage } from "./pages/submission";
import { submissionsPage } from "./pages/submissions";
import { uploadPage } from "./pages/upload";
import { button, h, message } from "./ui";

const main = document.getElementById("main") as HTMLElement;
const top = document.getElementById("top") as HTMLElement;
let session: Session | null = null;
/** Stops the live parts (event streams, refresh timers) of the page shown. */
let leave: () => void = () => {};
/** Counts routings: a page that finishes loading after the reader has moved
 * on is stopped and not drawn. */
let routing = 0;

function header(path: string): void {
  const link = (href: string, label: string) =>
    h("a", { href, ...(path === href.slice(1) ? { "aria-current": "page" } : {}) }, label);
  const reviewer = session !== null && session.role !== "candidate";
  top.replaceChildren(
    h("nav", { "aria-label": "Main" },
      h("a", { href: "#/", class: "brand" }, "judge"),
      session ? link("#/", "Problems") : null,
      session ? link("#/submissions", reviewer ? "Submissions" : "My submissions") : null,
      reviewer ? link("#/pads", "Pads") : null,
      reviewer ? link("#/upload", "Upload") : null,
      reviewer ? link("#/keys", "Keys") : null,
      session?.role === "admin" ? link("#/status", "Status") : null,
      h("span", { class: "spacer" }),
      session ? h("span", { class: "who" }, `${session.role} ${session.key_id}`) : null,
      session ? button("Sign out", async () => { await signOut(); session = null; location.hash = "#/signin"; }) : null,
    ),
  );
}

/** Draws the page the hash names; `null` when it is not one the role may see. */
async function page(path: string, params: URLSearchParams, who: Session): Promise<(() => void) | void | null> {
  const reviewer = who.role !== "candidate";
  if (path === "/") return problemsPage(main);
  if (path.startsWith("/p/")) return problemPage(main, decodeURIComponent(path.slice(3)));
  if (path.startsWith("/s/")) return submissionPage(main, decodeURIComponent(path.slice(3)));
  if (path === "/submissions" || path === "/mine") return submissionsPage(main, who, params);
  if (path === "/pads" && reviewer) return padsPage(main, params);
  if (path === "/upload" && reviewer) return uploadPage(main);
  if (path === "/keys" && reviewer) return keysPage(main, who);
  if (path === "/status" && who.role === "admin") return statusPage(main);
  if (path.startsWith("/runbooks/") && who.role === "admin") return runbookPage(main, decodeURIComponent(path.slice(10)));
  return null;
}

async function route(): Promise<void> {
  leave();
  leave = () => {};
  const current = ++routing;
  if (session === null) session = await whoami();
  const [path, query] = (location.hash.replace(/^#/, "") || "/").split("?", 2);
  header(path);
  // A pad's link is its own credential: no sign-in needed.
  if (path.startsWith("/pad/")) {
    try {
      const [token, sub] = path.slice(5).split("/", 2);
      const page = sub === "replay" ? replayPage : padPage;
      const shown = await page(main, decodeURIComponent(token), () => current === routing);
      if (current !== routing) shown();
      else {
        leave = shown;
        main.focus();
      }
    } catch (error) {
      if (current === routing) main.replaceChildren(message((error as Error).message));
    }
    return;
  }
  if (!session && path !== "/signin") {
    location.hash = "#/signin";
    return;
  }
  try {
    if (path === "/signin" || !session) {
      signInPage(main, new URLSearchParams(query ?? ""), session, (signedIn) => { session = signedIn; location.hash = "#/"; });
    } else {
      const shown = await page(path, new URLSearchParams(query ?? ""), session);
      if (current !== routing) {
        if (shown) shown();
        return;
      }
      if (shown === null) main.replaceChildren(h("h1", {}, "Not found"), message("There is no such page, or your key may not see it."));
      else if (shown) leave = shown;
    }
  } catch (error) {
    if (current !== routing) return;
    if (error instanceof ApiError && error.status === 401) {
      session = null;
      location.hash = "#/signin";
      return;
    }
    main.replaceChildren(message((error as Error).message));
  }
  main.focus();
}

window.addEventListener("hashchange", () => void route());
void route();
