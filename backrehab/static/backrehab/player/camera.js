/* The camera coach's camera and pose model: loaded by player.js only after the patient opts in.
 *
 * MediaPipe Pose (@mediapipe/pose, served by this site's own static files under
 * vendor/mediapipe-pose/; `files` maps each of its file names to its URL) runs in this page:
 * the video goes from the camera to the model and nothing else - no frame, image or landmark
 * leaves the phone. The camera runs only between start() and stop().
 */
import { toFrame } from "../motion/coach.js";

let loading = null; // the one <script> that defines window.Pose, loaded once per page

function loadPoseScript(files) {
  if (window.Pose) return Promise.resolve();
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = files["pose.js"];
      script.addEventListener("load", () => (window.Pose ? resolve() : reject(new Error("no Pose"))));
      script.addEventListener("error", () => reject(new Error("the pose model could not be loaded")));
      document.head.appendChild(script);
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

/* Whether this browser can run the coach at all: a camera API and WebGL (MediaPipe draws the
 * video into a WebGL texture even when the model itself runs on the CPU). */
export function webglRenderer() {
  try {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
    if (!gl) return null;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "webgl";
  } catch (e) {
    return null;
  }
}

/* Without a graphics processor (a software renderer), the model runs several times faster on
 * the CPU (WebAssembly SIMD) than through the emulated one: measured by bench/bench_pose.py. */
export function softwareRenderer(renderer) {
  return /swiftshader|llvmpipe|software|mesa offscreen/i.test(renderer || "");
}

export function createCamera({ files, video, complexity = 0, cpu = null }) {
  let stream = null;
  let pose = null;
  let running = false;
  let listener = null;
  let busy = false;

  async function model() {
    if (pose) return pose;
    await loadPoseScript(files);
    const useCpu = cpu === null ? softwareRenderer(webglRenderer()) : cpu;
    const made = new window.Pose({
      locateFile: (name) => {
        // Only our own copies: a name the package did not ship is an error, not a download.
        if (!files[name]) throw new Error("not a file of the pose model: " + name);
        return files[name];
      },
    });
    made.setOptions({
      modelComplexity: complexity,
      smoothLandmarks: true,
      enableSegmentation: false,
      minDetectionConfidence: 0.5,
      minTrackingConfidence: 0.5,
      useCpuInference: useCpu,
    });
    made.onResults((results) => {
      if (!running || !listener) return;
      const aspect = video.videoWidth && video.videoHeight ? video.videoWidth / video.videoHeight : 1;
      listener(toFrame(results.poseLandmarks), performance.now() / 1000, aspect);
    });
    await made.initialize();
    pose = made;
    return pose;
  }

  function nextFrame(step) {
    if (typeof video.requestVideoFrameCallback === "function") video.requestVideoFrameCallback(step);
    else window.requestAnimationFrame(step);
  }

  async function loop() {
    if (!running) return;
    if (!busy && video.readyState >= 2) {
      busy = true;
      try {
        await pose.send({ image: video });
      } catch (e) {
        /* one bad frame: the next one is tried */
      }
      busy = false;
    }
    if (running) nextFrame(loop);
  }

  return {
    /* Ask for the camera, then load the model (from this site) and start following. Rejects
     * when the camera is refused or missing, or the model cannot run here. */
    async start(onFrame) {
      listener = onFrame;
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) throw new Error("no camera API");
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } },
      });
      try {
        video.muted = true;
        video.setAttribute("playsinline", "");
        video.srcObject = stream;
        await video.play();
        await model();
        if (typeof pose.reset === "function") pose.reset(); // no tracking carried over from the last exercise
      } catch (error) {
        this.stop();
        throw error;
      }
      running = true;
      nextFrame(loop);
    },
    /* The camera off (its light goes out); the model stays loaded for the next exercise. */
    stop() {
      running = false;
      listener = null;
      if (stream) stream.getTracks().forEach((track) => track.stop());
      stream = null;
      video.srcObject = null;
    },
    /* The page is ending: the camera off and the model's memory freed. */
    close() {
      this.stop();
      if (pose) Promise.resolve(pose.close()).catch(() => {});
      pose = null;
    },
    get running() {
      return running;
    },
  };
}
