// The door's camera scanner: reads a ticket's QR code and posts its code to the same form the
// page offers without JavaScript, reading the answer as JSON. It uses the browser's own
// BarcodeDetector where there is one, and the vendored jsQR (1.4.0, Apache-2.0) where not.
const scanner = document.getElementById("scanner");
const form = document.getElementById("ticket-form");
const result = document.getElementById("scan-result");
const PAUSE_AFTER_SCAN_MS = 1500;
const SAME_CODE_IGNORED_MS = 4000;

function show(message, ok) {
  result.textContent = message;
  result.classList.toggle("qihub-scan-result--refused", !ok);
}

function counts(answer) {
  for (const name of ["checked_in", "places_left"]) {
    const cell = document.querySelector(`[data-count="${name}"]`);
    if (cell && answer[name] !== undefined) cell.textContent = answer[name];
  }
}

async function submit(code) {
  const data = new FormData(form);
  data.set("code", code);
  try {
    const response = await fetch(form.action, {
      method: "POST",
      body: data,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    const answer = await response.json();
    show(answer.message, answer.ok);
    counts(answer);
  } catch {
    show("The check-in did not reach the server: check the connection and scan again.", false);
  }
}

function loadJsQR() {
  return new Promise((resolve, reject) => {
    if (window.jsQR) return resolve(window.jsQR);
    const script = document.createElement("script");
    script.src = scanner.dataset.jsqr;
    script.onload = () => resolve(window.jsQR);
    script.onerror = reject;
    document.head.append(script);
  });
}

async function reader(video) {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (formats.includes("qr_code")) {
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async () => (await detector.detect(video))[0]?.rawValue;
    }
  }
  const jsQR = await loadJsQR();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async () => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) return undefined;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data;
  };
}

function start() {
  const video = document.getElementById("scanner-video");
  const startButton = document.getElementById("scanner-start");
  const stopButton = document.getElementById("scanner-stop");
  let stream = null;
  let last = { code: "", at: 0 };

  async function loop(read) {
    if (!stream) return;
    let code;
    try {
      code = await read();
    } catch {
      code = undefined;
    }
    const now = Date.now();
    if (code && !(code === last.code && now - last.at < SAME_CODE_IGNORED_MS)) {
      last = { code, at: now };
      await submit(code);
      setTimeout(() => requestAnimationFrame(() => loop(read)), PAUSE_AFTER_SCAN_MS);
      return;
    }
    requestAnimationFrame(() => loop(read));
  }

  function stop() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
    startButton.focus();
  }

  startButton.addEventListener("click", async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" },
        audio: false,
      });
    } catch {
      show("The camera could not start: allow this page to use it, or type the code below.", false);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    startButton.hidden = true;
    stopButton.hidden = false;
    stopButton.focus();
    await video.play();
    loop(await reader(video));
  });
  stopButton.addEventListener("click", stop);
  window.addEventListener("pagehide", stop);
}

if (scanner && form && navigator.mediaDevices?.getUserMedia) {
  scanner.hidden = false;
  start();
}
