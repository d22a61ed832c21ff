// ocop — long forms that save each answer as it is chosen: the council's score sheet on a tablet
// with poor Wi-Fi, and the producer's self-assessment (31 criteria).
//
// A form opts in with `data-autosave`, `data-answer-url` (one answer per POST: criterion,
// option, comment, client_at), `data-key` (its localStorage key) and optionally `data-total`
// (the id of the running total the server sends back). Each answer is an element with
// `data-code` holding a radio group or a select (and, on the score sheet, a comment box) and a
// `.save-state` that says "Đang lưu…", "Đã lưu" or "Chưa lưu"; a `.save-summary` at the top
// says how many answers are not saved yet and why.
//
// Unsaved answers live in localStorage, are sent one at a time in the order they were chosen,
// and carry the time they were chosen (client_at) so the server never lets an older answer
// overwrite a newer one. Without JavaScript the form is a plain form and submits whole.
(function () {
  "use strict";
  const vi = (document.documentElement.lang || "vi") !== "en";
  const text = {
    saving: vi ? "Đang lưu…" : "Saving…",
    saved: vi ? "Đã lưu" : "Saved",
    offline: vi ? "Chưa lưu — đã giữ trên máy, sẽ gửi lại khi có mạng" : "Not saved — kept on this device, sent when the connection returns",
    refused: vi ? "Chưa lưu — máy chủ từ chối: " : "Not saved — the server refused: ",
    pending: (n) => (vi ? `${n} câu trả lời chưa lưu.` : `${n} answer(s) not saved.`),
    offlineSummary: vi ? " Mất kết nối: các câu trả lời được giữ trên máy này và sẽ tự gửi khi có mạng — đừng xoá dữ liệu trình duyệt." : " Connection lost: the answers are kept on this device and sent when it returns — do not clear the browser's data.",
    refusedSummary: vi ? " Máy chủ từ chối một số câu trả lời: xem dòng ghi chú đỏ bên cạnh." : " The server refused some answers: see the red note beside them.",
  };

  function autosave(form) {
    const url = form.dataset.answerUrl;
    const key = form.dataset.key;
    const totalId = form.dataset.total || "running-total";
    const summary = form.querySelector(".save-summary");
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
    const item = (code) => form.querySelector(`[data-code="${CSS.escape(code)}"]`);
    const mark = (code, state, message) => {
      const box = item(code);
      const label = box && box.querySelector(".save-state");
      if (!label) return;
      label.dataset.state = state;
      label.textContent = message || text[state];
      summarise();
    };
    // The summary at the top: how many answers are not saved, and whether it is the connection
    // or the server; hidden while everything is saved or being saved.
    const summarise = () => {
      if (!summary) return;
      const unsaved = form.querySelectorAll('.save-state[data-state="unsaved"]');
      if (!unsaved.length) {
        summary.hidden = true;
        summary.textContent = "";
        return;
      }
      const queued = new Set(load().map((e) => e.criterion));
      let offline = false;
      let refused = false;
      for (const label of unsaved) {
        const box = label.closest("[data-code]");
        if (box && queued.has(box.dataset.code)) offline = true;
        else refused = true;
      }
      summary.textContent = text.pending(unsaved.length) + (offline ? text.offlineSummary : "") + (refused ? text.refusedSummary : "");
      summary.hidden = false;
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
      const select = box.querySelector("select");
      const comment = box.querySelector('input[type="text"]');
      return {
        criterion: box.dataset.code,
        option: chosen ? chosen.value : select ? select.value : "",
        comment: comment ? comment.value : null,
        at: Date.now(),
      };
    };
    const show = (e) => {
      const box = item(e.criterion);
      if (!box) return;
      const radio = box.querySelector(`input[type="radio"][value="${CSS.escape(String(e.option))}"]`);
      if (radio) radio.checked = true;
      const select = box.querySelector("select");
      if (select) select.value = String(e.option);
      const comment = box.querySelector('input[type="text"]');
      if (comment && e.comment !== null && e.comment !== undefined) comment.value = e.comment;
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
          const fields = {
            _csrf: csrf(),
            criterion: entry.criterion,
            option: entry.option,
            client_at: String(entry.at),
          };
          if (entry.comment !== null && entry.comment !== undefined) fields.comment = entry.comment;
          let response;
          try {
            response = await fetch(url, {
              method: "POST",
              body: new URLSearchParams(fields),
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
            const total = document.getElementById(totalId);
            if (total && html.includes(`id="${totalId}"`)) total.outerHTML = html;
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
      const box = event.target.closest("[data-code]");
      if (!box || !form.contains(box)) return;
      const entry = answerOf(box);
      // On the score sheet a comment alone waits for an option; a select may be cleared.
      if (entry.option === "" && !box.querySelector("select")) return;
      enqueue(entry);
      mark(entry.criterion, "saving");
      flush();
    });
    window.addEventListener("online", () => flush());

    // Answers kept from before (the page was left or the connection dropped): show them as
    // chosen, say they are not saved yet, and send them.
    for (const e of load()) {
      show(e);
      mark(e.criterion, "unsaved", text.offline);
    }
    flush();
  }

  document.querySelectorAll("form[data-autosave]").forEach(autosave);
})();
