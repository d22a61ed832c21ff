// ocop — the score sheet on a tablet with poor Wi-Fi.
// Each choice is saved as it is made and says so beside its criterion: "Đang lưu…",
// "Đã lưu", or "Chưa lưu" (kept on this device and sent again when the connection returns).
// Unsaved answers live in localStorage, are sent one at a time in the order they were chosen,
// and carry the time they were chosen (client_at) so the server never lets an older answer
// overwrite a newer one. Without JavaScript the sheet is a plain form and submits whole.
(function () {
  "use strict";
  const form = document.querySelector("form[data-scoring]");
  if (!form) return;
  const url = form.dataset.answerUrl;
  const key = form.dataset.key;
  const vi = (document.documentElement.lang || "vi") !== "en";
  const text = {
    saving: vi ? "Đang lưu…" : "Saving…",
    saved: vi ? "Đã lưu" : "Saved",
    offline: vi ? "Chưa lưu — đã giữ trên máy, sẽ gửi lại khi có mạng" : "Not saved — kept on this device, sent when the connection returns",
    refused: vi ? "Chưa lưu — máy chủ từ chối: " : "Not saved — the server refused: ",
  };
  let sending = false;
  let timer = null;

  const csrf = () => {
    const field = form.querySelector('input[name="_csrf"]');
    return field ? field.value : "";
  };
  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(key) || "[]");
    } catch (_) {
      return [];
    }
  };
  const store = (queue) => {
    try {
      if (queue.length) localStorage.setItem(key, JSON.stringify(queue));
      else localStorage.removeItem(key);
    } catch (_) {
      /* storage full or disabled: the answer is still being sent */
    }
  };
  const fieldset = (code) => form.querySelector(`fieldset[data-code="${CSS.escape(code)}"]`);
  const mark = (code, state, message) => {
    const box = fieldset(code);
    const label = box && box.querySelector(".save-state");
    if (!label) return;
    label.dataset.state = state;
    label.textContent = message || text[state];
  };

  // One pending answer per criterion: a newer choice replaces the one not yet sent, and the
  // queue stays in the order the choices were made.
  const enqueue = (entry) => {
    const queue = load().filter((e) => e.criterion !== entry.criterion);
    queue.push(entry);
    store(queue);
  };
  const answerOf = (box) => {
    const chosen = box.querySelector('input[type="radio"]:checked');
    const comment = box.querySelector('input[type="text"]');
    return {
      criterion: box.dataset.code,
      option: chosen ? chosen.value : "",
      comment: comment ? comment.value : "",
      at: Date.now(),
    };
  };

  const flush = async () => {
    if (sending) return;
    sending = true;
    try {
      for (;;) {
        const queue = load();
        if (!queue.length) break;
        const entry = queue[0];
        mark(entry.criterion, "saving");
        const body = new URLSearchParams({
          _csrf: csrf(),
          criterion: entry.criterion,
          option: entry.option,
          comment: entry.comment,
          client_at: String(entry.at),
        });
        let response;
        try {
          response = await fetch(url, {
            method: "POST",
            body,
            headers: { "X-CSRF-Token": csrf(), "HX-Request": "true" },
            credentials: "same-origin",
          });
        } catch (_) {
          for (const e of load()) mark(e.criterion, "unsaved", text.offline);
          schedule();
          return;
        }
        // Drop the entry that was sent, unless a newer choice replaced it meanwhile.
        const rest = load().filter((e) => !(e.criterion === entry.criterion && e.at === entry.at));
        store(rest);
        const pendingAgain = rest.some((e) => e.criterion === entry.criterion);
        if (response.ok) {
          const html = await response.text();
          const total = document.getElementById("running-total");
          if (total && html.includes('id="running-total"')) total.outerHTML = html;
          if (!pendingAgain) mark(entry.criterion, "saved");
        } else if (response.status >= 500 || response.status === 429) {
          // The server is unwell: keep the answer and try again later.
          store([entry, ...rest.filter((e) => e.criterion !== entry.criterion || e.at > entry.at)]);
          mark(entry.criterion, "unsaved", text.offline);
          schedule();
          return;
        } else {
          let reason = String(response.status);
          try {
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            const p = page.querySelector("main p, p");
            if (p) reason = p.textContent.trim();
          } catch (_) {
            /* keep the status */
          }
          if (!pendingAgain) mark(entry.criterion, "unsaved", text.refused + reason);
        }
      }
    } finally {
      sending = false;
    }
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      flush();
    }, 5000);
  };

  form.addEventListener("change", (event) => {
    const box = event.target.closest("fieldset[data-code]");
    if (!box) return;
    const entry = answerOf(box);
    if (entry.option === "") return; // a comment alone waits for an option
    enqueue(entry);
    mark(entry.criterion, "saving");
    flush();
  });
  window.addEventListener("online", () => flush());

  // Answers kept from before (the page was left or the connection dropped): show them as
  // chosen, say they are not saved yet, and send them.
  for (const e of load()) {
    const box = fieldset(e.criterion);
    if (!box) continue;
    const radio = box.querySelector(`input[type="radio"][value="${CSS.escape(String(e.option))}"]`);
    if (radio) radio.checked = true;
    const comment = box.querySelector('input[type="text"]');
    if (comment) comment.value = e.comment;
    mark(e.criterion, "unsaved", text.offline);
  }
  flush();
})();
