// Sign in: a key pasted once, or carried by the link an interviewer sent
// (`#/signin?key=…`: a fragment, which the browser never sends to a
// server; it is taken out of the address at once), exchanged for a session
// cookie. A link's key fills the form and waits for a click: a page that
// signed in by itself would let anyone who sends a link put their own key
// under someone's work (login CSRF).

import { signIn, type Session } from "../api";
import { h, message } from "../ui";

export function signInPage(main: HTMLElement, params: URLSearchParams, current: Session | null,
  signedIn: (session: Session) => void): void {
  const input = h("input", { id: "key", type: "password", autocomplete: "off", required: "", spellcheck: "false" }) as HTMLInputElement;
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card narrow" },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste the key your interviewer sent you. It is exchanged for a session; the key itself is not kept in the browser."),
    h("label", { for: "key" }, "API key"), input,
    h("button", { type: "submit" }, "Sign in"),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      signedIn(await signIn(input.value));
    } catch (error) {
      status.replaceChildren(message((error as Error).message));
    }
  });
  main.replaceChildren(form);
  const linked = params.get("key");
  if (linked) {
    history.replaceState(null, "", "#/signin");
    input.value = linked;
    status.replaceChildren(message(current
      ? `The link you opened carries a key. You are signed in as ${current.role} ${current.key_id}: signing in with the link's key ends that session.`
      : "The link you opened carries your key: sign in with it.", "info"));
    form.querySelector("button")?.focus();
  }
}
