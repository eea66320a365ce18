// Keys (interviewers: candidates' keys; admins: every key): create one with
// a name, see its secret once, revoke it.

import { call, type Session } from "../api";
import type { Key } from "../types";
import { button, field, h, message, select, table, when } from "../ui";

interface Created extends Key { key: string }

export async function keysPage(main: HTMLElement, session: Session): Promise<void> {
  const name = h("input", { id: "key-name", type: "text", required: "", maxlength: "200" }) as HTMLInputElement;
  const roles: [string, string][] = session.role === "admin"
    ? [["candidate", "Candidate"], ["interviewer", "Interviewer"], ["admin", "Admin"]]
    : [["candidate", "Candidate"]];
  const role = select("key-role", roles, "candidate");
  const made = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "filters", "aria-label": "New key" },
    field("Name", name), field("Role", role), h("button", { type: "submit" }, "Create key"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const key = await call<Created>("POST", "/v1/keys", { name: name.value, role: role.value });
      const secret = h("input", { id: "new-key", type: "text", readonly: "", value: key.key }) as HTMLInputElement;
      const link = `${location.origin}/#/signin?key=${encodeURIComponent(key.key)}`;
      const copy = (text: string) => async () => {
        await navigator.clipboard.writeText(text).catch(() => secret.select());
      };
      made.replaceChildren(h("div", { class: "card created" },
        h("p", {}, `Key for ${key.name} (${key.role}). Send it now: it is shown only once. `,
          "The sign-in link carries it and signs them in with one click."),
        field("Key", secret),
        h("div", { class: "actions" }, button("Copy key", copy(key.key)), button("Copy sign-in link", copy(link)))));
      await listing();
    } catch (error) {
      made.replaceChildren(message((error as Error).message));
    }
  });
  const list = h("div", {});
  const listing = async () => {
    const current = await call<Key[]>("GET", "/v1/keys");
    list.replaceChildren(table("Keys", ["Name", "Id", "Role", "Created", "Status", "Actions"], current.map((k) => [
      k.name || "(no name)", h("code", {}, k.id), k.role, when(k.created_at),
      k.revoked_at ? `revoked ${when(k.revoked_at)}` : "active",
      k.revoked_at || k.id === session.key_id ? null : button("Revoke", async () => {
        if (!confirm(`Revoke the key of ${k.name || k.id}? It stops working at once.`)) return;
        try {
          await call("DELETE", `/v1/keys/${encodeURIComponent(k.id)}`);
          await listing();
        } catch (error) {
          made.replaceChildren(message((error as Error).message));
        }
      }, { "aria-label": `Revoke ${k.name || k.id}` }),
    ]), true));
  };
  main.replaceChildren(h("h1", {}, "Keys"), form, made, list);
  await listing();
}
