"""The player's tones and the screen kept on, in the browser: a small component (Streamlit's
``st.components.v2``, run in the page itself, not in a frame) with inline JavaScript.

Tones are made by the Web Audio API in the browser (an oscillator and a short envelope): no
sound file, nothing fetched from anywhere. The server sends the cues still to come
(``domain.cues.schedule``: an id and the seconds from now for each); the browser plays each id
once at its moment, drops those no longer sent (a pause, a step changed by a button) and moves
those whose moment changed. The page reruns often, so sending the same cues again changes
nothing. Browsers let a page make sound only after a gesture: the component is on the chooser
too, so the press of Start (a pointer or key event it listens for) starts the audio.

While a routine runs the component asks for a screen wake lock (navigator.wakeLock), asks
again when the page becomes visible again, and lets it go when the run ends or the player
leaves the page. Where the browser has no wake lock or refuses it, it shows "Keep your screen
on during the routine." instead.
"""

from __future__ import annotations

import time

import streamlit as st

from lumbarlog import clock
from lumbarlog.domain import cues, player

SOUNDS_KEY = "routines_sounds"  # the person's choice, kept for the browser session
HINT = "Keep your screen on during the routine."

_HTML = f'<p class="hint" hidden>{HINT}</p>'
_CSS = """
.hint { margin: 0; font-size: 0.875rem; color: var(--st-text-color); opacity: 0.8; }
"""
_JS = """
const NOTES = {
  start: [[880, 0, 0.3]],
  count: [[660, 0, 0.12]],
  switch: [[523.25, 0, 0.16], [783.99, 0.2, 0.24]],
};

function box() {
  if (!window.__lumbarlogCues) {
    window.__lumbarlogCues = {
      pending: new Map(), fired: new Set(), ctx: null, sound: false, lock: null,
      asking: null, awake: false, hintShown: false, leaving: null, listening: false,
      mounted: new Map(),  // each instance on the page -> whether it is the running player
    };
  }
  return window.__lumbarlogCues;
}

function audio(b) {
  if (!b.sound) return null;
  if (!b.ctx) {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return null;
    b.ctx = new Context();
  }
  if (b.ctx.state === "suspended") b.ctx.resume().catch(() => {});
  return b.ctx;
}

function listen(b) {
  if (b.listening) return;
  b.listening = true;
  // A press anywhere (Start included) is the gesture browsers ask for before sound.
  const unlock = () => { audio(b); };
  for (const type of ["pointerdown", "keydown", "touchend"]) {
    document.addEventListener(type, unlock, { capture: true });
  }
  document.addEventListener("visibilitychange", () => { keepAwake(b); });
}

function tone(b, kind) {
  const ctx = audio(b);
  if (!ctx) return;
  for (const [frequency, delay, length] of NOTES[kind] || NOTES.count) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    const at = ctx.currentTime + delay;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(at);
    oscillator.stop(at + length + 0.05);
  }
}

function plan(b, wanted, sentAt) {
  const now = performance.now();
  // The server's clock is this computer's (the app answers only on this computer), so the
  // time the cues took to arrive is taken off; a clock far off is not trusted.
  const late = Date.now() - sentAt;
  const delay = Number.isFinite(late) && Math.abs(late) < 3000 ? late : 0;
  const keep = new Set();
  for (const cue of wanted) {
    if (b.fired.has(cue.id)) continue;
    keep.add(cue.id);
    const at = now + cue.in * 1000 - delay;
    const old = b.pending.get(cue.id);
    if (old && Math.abs(old.at - at) < 250) continue;
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(() => {
      b.pending.delete(cue.id);
      if (b.fired.has(cue.id)) return;
      b.fired.add(cue.id);
      tone(b, cue.kind);
    }, Math.max(at - now, 0));
    b.pending.set(cue.id, { at, timer });
  }
  for (const [id, old] of b.pending) {
    if (!keep.has(id)) { clearTimeout(old.timer); b.pending.delete(id); }
  }
}

function showHint(b, shown) {
  b.hintShown = shown;
  for (const [root, running] of b.mounted) {
    const hint = root.querySelector(".hint");
    if (hint) hint.hidden = !(shown && running);
  }
}

async function keepAwake(b) {
  if (!b.awake) {
    showHint(b, false);
    const lock = b.lock;
    b.lock = null;
    if (lock && !lock.released) lock.release().catch(() => {});
    return;
  }
  if (!("wakeLock" in navigator) || !navigator.wakeLock) { showHint(b, true); return; }
  if ((b.lock && !b.lock.released) || b.asking) { showHint(b, false); return; }
  if (document.visibilityState !== "visible") return;
  b.asking = navigator.wakeLock.request("screen");
  try {
    const lock = await b.asking;
    b.asking = null;
    if (!b.awake) { lock.release().catch(() => {}); return; }
    b.lock = lock;
    showHint(b, false);
  } catch (error) {
    b.asking = null;
    showHint(b, true);
  }
}

export default function (component) {
  const { data, parentElement } = component;
  const b = box();
  clearTimeout(b.leaving);
  b.mounted.set(parentElement, Boolean(data && data.awake));
  const hint = parentElement.querySelector(".hint");
  if (hint) hint.hidden = !(data && data.awake && b.hintShown);
  b.sound = Boolean(data && data.sound);
  b.awake = Boolean(data && data.awake);
  listen(b);
  if (b.sound && data.cues.length) audio(b);
  plan(b, b.sound ? data.cues : [], data.sent);
  keepAwake(b);
  return () => {
    // An instance replaced by another (the chooser's by the player's) changes nothing. The
    // last one gone from the page (the person went to another page): no more tones, and the
    // screen may sleep again.
    b.mounted.delete(parentElement);
    if (b.mounted.size) return;
    b.leaving = setTimeout(() => { b.awake = false; plan(b, [], 0); keepAwake(b); }, 1000);
  };
}
"""

_COMPONENT = st.components.v2.component("lumbarlog_player_cues", html=_HTML, css=_CSS, js=_JS)


def sounds_on() -> bool:
    """Whether the player makes its tones: on unless the person turned them off (remembered
    for the browser session)."""
    return bool(st.session_state.get(SOUNDS_KEY, True))


def sounds_toggle(where: str) -> None:
    """The "Sounds" switch; the chooser and the player each draw one, sharing one choice."""
    widget = f"{SOUNDS_KEY}_{where}"
    st.session_state[widget] = sounds_on()
    st.toggle(
        "Sounds",
        key=widget,
        on_change=_remember,
        args=(widget,),
        help="Short tones when a step starts, on its last three seconds and when you change "
        "sides, so you need not watch the screen.",
    )


def _remember(widget: str) -> None:
    st.session_state[SOUNDS_KEY] = bool(st.session_state[widget])


def cue_player(state: player.PlayerState | None) -> None:
    """The component: ``state`` is the routine being followed (None on the chooser, where it
    only waits for the press of Start)."""
    running = state is not None and not state.finished
    now, sent = clock.now(), time.time() * 1000
    planned = cues.schedule(state, now) if state is not None and running else ()
    _COMPONENT(
        key="routines_cues",
        data={
            "sound": sounds_on(),
            "awake": running,
            "sent": sent,
            "cues": [
                {"id": cue.id, "kind": cue.kind, "in": cue.seconds_from_now} for cue in planned
            ],
        },
        height="content",
    )
