/* Sound, speech and the screen staying awake: helps, never requirements. */

export function createVoice(store, lang) {
  let muted = store.getItem("backrehab.muted") === "1";
  let audio = null;

  function beep(high) {
    if (muted) return;
    try {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      audio = audio || new Context();
      if (audio.state === "suspended") audio.resume();
      const start = audio.currentTime;
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = high ? 1046 : 660;
      volume.gain.setValueAtTime(0.0001, start);
      volume.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.2);
    } catch (e) {
      /* no sound on this device: the screen still shows everything */
    }
  }

  function say(text) {
    if (muted || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = lang || "en";
      utterance.rate = 0.95;
      window.speechSynthesis.speak(utterance);
    } catch (e) {
      /* speech is a help, never a requirement */
    }
  }

  function toggleMute() {
    muted = !muted;
    store.setItem("backrehab.muted", muted ? "1" : "0");
    if (muted && "speechSynthesis" in window) window.speechSynthesis.cancel();
    return muted;
  }

  return { beep, say, toggleMute, isMuted: () => muted };
}

/* The screen stays on during a session; the browser drops the lock when the tab is hidden,
 * so it is taken again on return. */
export function createWakeLock() {
  let lock = null;
  let wanted = false;
  async function keepAwake() {
    wanted = true;
    if (!("wakeLock" in navigator) || lock) return;
    try {
      lock = await navigator.wakeLock.request("screen");
      lock.addEventListener("release", () => { lock = null; });
    } catch (e) {
      lock = null;
    }
  }
  function letSleep() {
    wanted = false;
    if (lock) lock.release().catch(() => {});
    lock = null;
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && wanted) keepAwake();
  });
  return { keepAwake, letSleep };
}
