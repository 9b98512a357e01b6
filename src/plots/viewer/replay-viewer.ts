/**
 * The replay viewer that runs in the browser (notebook outputs, exported reports, replay pages).
 * Bundled with three.js into one IIFE script by `../viewer-bundle.ts` (esbuild); it defines
 * `window.GasilReplay.mount(element, replays)`.
 *
 * One **group** = one or more replays side by side, synchronised: one clock, one play/pause
 * button, one frame slider, one speed control. Each **panel** draws its task's geoms from the
 * recorded scene (planes, capsules, boxes, spheres, cylinders, ellipsoids; MuJoCo sizes and
 * colours), with a camera that follows the torso, and under it a plotly strip of the reward,
 * the delayed reward and −log D over time with a cursor at the current step (click to seek).
 *
 * Rendering: ONE WebGL renderer per page, drawn into each panel's 2-D canvas in turn. Browsers cap
 * the number of live WebGL contexts (~16), and a notebook may show many replays; one context
 * serves them all. Panels render only when their frame or size changes.
 *
 * Written against the replay format of `src/envs/replay-types.ts`. No network access: three.js is
 * in this bundle, plotly.js is whatever `window.Plotly` the page provides (the strip is skipped
 * without it).
 */
import {
  BoxGeometry,
  type BufferGeometry,
  CanvasTexture,
  CapsuleGeometry,
  Color,
  CylinderGeometry,
  DirectionalLight,
  Fog,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  NearestFilter,
  PerspectiveCamera,
  PlaneGeometry,
  RepeatWrapping,
  Scene,
  SphereGeometry,
  SRGBColorSpace,
  Vector3,
  WebGLRenderer,
} from "three";
import type { Replay, ReplayScene, SceneGeom } from "../../envs/replay-types";

// ---------------------------------------------------------------------------------------------
// Data

/** Float32 array of a base64 string (little-endian, as the recorder wrote it). */
function f32(base64: string | undefined): Float32Array | null {
  if (base64 === undefined) return null;
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer, 0, bytes.length >> 2);
}

interface Decoded {
  readonly replay: Replay;
  readonly poses: Float32Array;
  readonly focus: Float32Array;
  readonly rewards: Float32Array;
  readonly delayed: Float32Array;
  readonly d: Float32Array | null;
  /** Cumulative undelayed return after each step (index t = after step t; [0] = 0). */
  readonly cumulative: Float64Array;
}

function decode(replay: Replay): Decoded {
  const rewards = f32(replay.rewards) ?? new Float32Array(0);
  const cumulative = new Float64Array(rewards.length + 1);
  for (let t = 0; t < rewards.length; t++) cumulative[t + 1] = cumulative[t]! + rewards[t]!;
  return {
    replay,
    poses: f32(replay.poses) ?? new Float32Array(0),
    focus: f32(replay.focus) ?? new Float32Array(0),
    rewards,
    delayed: f32(replay.delayedRewards) ?? new Float32Array(0),
    d: f32(replay.discriminator),
    cumulative,
  };
}

// ---------------------------------------------------------------------------------------------
// The shared renderer

let sharedRenderer: WebGLRenderer | null | undefined;

/** The page's one WebGL renderer (null when the browser has no WebGL). */
function renderer(): WebGLRenderer | null {
  if (sharedRenderer === undefined) {
    try {
      const r = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true, alpha: false });
      r.outputColorSpace = SRGBColorSpace;
      sharedRenderer = r;
    } catch {
      sharedRenderer = null;
    }
  }
  return sharedRenderer;
}

// ---------------------------------------------------------------------------------------------
// Scene building

/** Body tints used when the model leaves every geom at MuJoCo's default grey. */
const PALETTE = ["#e07b39", "#3d7cc9", "#4aa564", "#c94f6d", "#8a63c9", "#d1b23c", "#3fb3b3"];

function checkerTexture(colourA: string, colourB: string): CanvasTexture {
  const c = document.createElement("canvas");
  c.width = c.height = 64;
  const ctx = c.getContext("2d")!;
  ctx.fillStyle = colourA;
  ctx.fillRect(0, 0, 64, 64);
  ctx.fillStyle = colourB;
  ctx.fillRect(0, 0, 32, 32);
  ctx.fillRect(32, 32, 32, 32);
  const tex = new CanvasTexture(c);
  tex.wrapS = tex.wrapT = RepeatWrapping;
  tex.magFilter = NearestFilter;
  tex.colorSpace = SRGBColorSpace;
  return tex;
}

/** three.js geometry for a MuJoCo geom, in the geom's local frame (MuJoCo's long axis is local z). */
function geometryOf(g: SceneGeom): BufferGeometry {
  const [a, b, c] = g.size;
  switch (g.shape) {
    case "plane": {
      const hx = a > 0 ? a : 100;
      const hy = b > 0 ? b : 100;
      return new PlaneGeometry(2 * hx, 2 * hy);
    }
    case "sphere":
      return new SphereGeometry(a, 24, 16);
    case "ellipsoid":
      return new SphereGeometry(1, 24, 16).scale(a, b, c);
    case "capsule":
      // three's capsule and cylinder run along y; rotate them onto z.
      return new CapsuleGeometry(a, 2 * b, 6, 16).rotateX(Math.PI / 2);
    case "cylinder":
      return new CylinderGeometry(a, a, 2 * b, 24).rotateX(Math.PI / 2);
    case "box":
      return new BoxGeometry(2 * a, 2 * b, 2 * c);
  }
}

interface BuiltScene {
  readonly scene: Scene;
  /** Meshes of the moving geoms, by their dynamic index. */
  readonly moving: Mesh[];
}

function buildScene(spec: ReplayScene): BuiltScene {
  const scene = new Scene();
  const sky = new Color("#dfe8f1");
  scene.background = sky;
  scene.fog = new Fog(sky, 10, 40);
  scene.add(new HemisphereLight(0xffffff, 0x5a5a66, 1.6));
  const sun = new DirectionalLight(0xffffff, 1.6);
  sun.position.set(3, -5, 8);
  scene.add(sun);
  const moving: Mesh[] = [];
  for (const g of spec.geoms) {
    let material: MeshStandardMaterial;
    if (g.shape === "plane") {
      const hx = g.size[0] > 0 ? g.size[0] : 100;
      const hy = g.size[1] > 0 ? g.size[1] : 100;
      const square = Math.min(0.5, hx / 3);
      const tex = checkerTexture("#c9ccd1", "#a9adb5");
      tex.repeat.set(hx / square, hy / square);
      material = new MeshStandardMaterial({ map: tex, roughness: 0.95 });
    } else {
      const colour = spec.defaultColours
        ? new Color(PALETTE[(g.body - 1 + PALETTE.length) % PALETTE.length]!)
        : new Color().setRGB(g.rgba[0], g.rgba[1], g.rgba[2], SRGBColorSpace);
      material = new MeshStandardMaterial({
        color: colour,
        roughness: 0.55,
        metalness: 0.05,
        transparent: g.rgba[3] < 1,
        opacity: g.rgba[3],
      });
    }
    const mesh = new Mesh(geometryOf(g), material);
    mesh.position.set(g.pos[0], g.pos[1], g.pos[2]);
    mesh.quaternion.set(g.quat[1], g.quat[2], g.quat[3], g.quat[0]);
    scene.add(mesh);
    if (g.dynamicIndex >= 0) moving[g.dynamicIndex] = mesh;
  }
  return { scene, moving };
}

// ---------------------------------------------------------------------------------------------
// Panels and groups

const STYLE = `
.gasil-replay{font:13px system-ui,sans-serif;color:#222;margin:6px 0}
.gasil-replay .gr-panels{display:grid;grid-template-columns:repeat(var(--gr-columns,1),minmax(0,1fr));gap:10px}
@media (max-width:700px){.gasil-replay .gr-panels{grid-template-columns:minmax(0,1fr)}}
.gasil-replay .gr-panel{min-width:0;border:1px solid #d4d8de;border-radius:6px;padding:6px;background:#fafbfc}
.gasil-replay .gr-title{font-weight:600;margin-bottom:4px}
.gasil-replay canvas{width:100%;height:300px;display:block;border-radius:4px;background:#dfe8f1}
.gasil-replay .gr-info{font-variant-numeric:tabular-nums;margin:4px 0;color:#444;min-height:1.2em}
.gasil-replay .gr-strip{height:150px}
.gasil-replay .gr-controls{display:flex;align-items:center;gap:8px;margin:6px 0}
.gasil-replay .gr-controls input[type=range]{flex:1}
.gasil-replay .gr-controls button{min-width:64px}
.gasil-replay .gr-clock{font-variant-numeric:tabular-nums;min-width:150px}
`;

function ensureStyle(): void {
  if (document.getElementById("gasil-replay-style") !== null) return;
  const el = document.createElement("style");
  el.id = "gasil-replay-style";
  el.textContent = STYLE;
  document.head.appendChild(el);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: HTMLElement, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls !== "") e.className = cls;
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e);
  return e;
}

interface PlotlyLike {
  newPlot(el: HTMLElement, data: object[], layout: object, config: object): Promise<unknown>;
  relayout(el: HTMLElement, update: object): Promise<unknown>;
  readonly Plots?: { resize(el: HTMLElement): Promise<unknown> };
}

function plotly(): PlotlyLike | null {
  return ((window as unknown as { Plotly?: PlotlyLike }).Plotly ?? null) as PlotlyLike | null;
}

class Panel {
  readonly data: Decoded;
  readonly canvas: HTMLCanvasElement;
  private readonly info: HTMLElement;
  private readonly strip: HTMLElement;
  private readonly built: BuiltScene;
  private readonly camera: PerspectiveCamera;
  private readonly target = new Vector3();
  private lastFrame = -1;
  private lastSize = "";
  private stripReady = false;
  private lastCursor = -1;
  private lastCursorTime = 0;

  /** Build the panel's elements and scene; call {@link drawStrip} once every panel is in the page. */
  constructor(parent: HTMLElement, replay: Replay) {
    this.data = decode(replay);
    const box = el("div", "gr-panel", parent);
    el("div", "gr-title", box, replay.title);
    this.canvas = el("canvas", "", box);
    this.info = el("div", "gr-info", box);
    this.strip = el("div", "gr-strip", box);
    this.built = buildScene(replay.scene);
    this.camera = new PerspectiveCamera(40, 1.6, 0.05, 200);
    this.camera.up.set(0, 0, 1);
  }

  get numFrames(): number {
    return this.data.replay.numFrames;
  }

  /**
   * Draw the plotly strip. Called after all panels of the group exist: plotly measures the width
   * once, and a panel measured alone in its row would overflow when its neighbours arrive.
   */
  drawStrip(onSeek: (frame: number) => void): void {
    const P = plotly();
    const { rewards, delayed, d, replay } = this.data;
    if (P === null || rewards.length === 0) {
      this.strip.style.display = "none";
      return;
    }
    const steps = Array.from({ length: rewards.length }, (_, i) => i + 1);
    // Delayed rewards arrive as lumps (the sum of d steps), an order of magnitude above the
    // per-step rewards: they get their own (unlabelled) scale so the reward line stays readable;
    // hovering shows their values.
    const delayedDiffers = delayed.some((v, i) => v !== rewards[i]);
    const traces: object[] = [
      { x: steps, y: Array.from(rewards), type: "scatter", mode: "lines", name: "reward", line: { color: "#3d7cc9", width: 1.5 } },
      {
        // Only the steps where something was paid (zeros in between would hide the reward line).
        x: delayedDiffers ? steps.filter((_, i) => delayed[i] !== 0) : steps,
        y: delayedDiffers ? Array.from(delayed).filter((v) => v !== 0) : Array.from(delayed),
        type: "scatter",
        mode: "markers",
        name: delayedDiffers ? "delayed reward (own scale)" : "delayed reward",
        marker: { color: "#e07b39", size: 5 },
        ...(delayedDiffers ? { yaxis: "y3" } : {}),
      },
    ];
    if (d !== null) {
      traces.push({
        x: steps,
        y: Array.from(d, (v) => -Math.log(Math.max(v, 1e-12))),
        type: "scatter",
        mode: "lines",
        name: "−log D",
        yaxis: "y2",
        line: { color: "#4aa564", width: 1.5 },
      });
    }
    const layout = {
      height: 150,
      margin: { l: 46, r: d !== null ? 46 : 10, t: 6, b: 30 },
      xaxis: { title: { text: "step", standoff: 2 }, range: [0, Math.max(replay.length, 1) + 1], zeroline: false },
      yaxis: { title: { text: "reward" }, zeroline: true },
      ...(d !== null
        ? { yaxis2: { title: { text: "−log D" }, overlaying: "y", side: "right", showgrid: false, rangemode: "tozero" } }
        : {}),
      yaxis3: { overlaying: "y", visible: false, rangemode: "tozero" },
      showlegend: true,
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", font: { size: 10 } },
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: 0, x1: 0, y0: 0, y1: 1, line: { color: "#c94f6d", width: 2 } }],
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "#fff",
    };
    void P.newPlot(this.strip, traces, layout, { displayModeBar: false, responsive: true }).then(() => {
      this.stripReady = true;
      // Follow the panel's width (notebook panes resize without a window resize event).
      if (typeof ResizeObserver === "function" && P.Plots !== undefined) {
        const plots = P.Plots;
        new ResizeObserver(() => void plots.resize(this.strip)).observe(this.strip);
      }
      (this.strip as unknown as { on?: (ev: string, fn: (e: { points?: { x: number }[] }) => void) => void }).on?.("plotly_click", (e) => {
        const x = e.points?.[0]?.x;
        if (typeof x === "number") onSeek(Math.round(x));
      });
    });
  }

  /** Draw frame `t` (clamped to this episode's frames). */
  render(t: number, force: boolean): void {
    const frame = Math.min(t, this.numFrames - 1);
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const width = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
    const height = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
    const size = `${width}x${height}`;
    if (!force && frame === this.lastFrame && size === this.lastSize) return;
    const r = renderer();
    const ctx = this.canvas.getContext("2d");
    if (r === null || ctx === null) {
      this.info.textContent = "This browser has no WebGL: the 3-D replay cannot be drawn.";
      return;
    }
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.pose(frame);
    r.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    r.render(this.built.scene, this.camera);
    ctx.drawImage(r.domElement, 0, 0, width, height);
    this.lastFrame = frame;
    this.lastSize = size;
    this.describe(frame);
    this.moveCursor(frame);
  }

  private pose(frame: number): void {
    const { poses, focus, replay } = this.data;
    const n = replay.scene.numDynamic;
    for (let i = 0; i < n; i++) {
      const o = (frame * n + i) * 7;
      const mesh = this.built.moving[i];
      if (mesh === undefined) continue;
      mesh.position.set(poses[o]!, poses[o + 1]!, poses[o + 2]!);
      mesh.quaternion.set(poses[o + 4]!, poses[o + 5]!, poses[o + 6]!, poses[o + 3]!);
    }
    const cam = replay.scene.camera;
    if (cam.track === "fixed" && cam.target !== undefined) this.target.set(cam.target[0], cam.target[1], cam.target[2]);
    else this.target.set(focus[3 * frame]!, focus[3 * frame + 1]!, cam.followHeight ? focus[3 * frame + 2]! : cam.height);
    const el = (cam.elevation * Math.PI) / 180;
    const az = (cam.azimuth * Math.PI) / 180;
    const d = cam.distance;
    this.camera.position.set(
      this.target.x + d * Math.cos(el) * Math.sin(az),
      this.target.y - d * Math.cos(el) * Math.cos(az),
      this.target.z + d * Math.sin(el),
    );
    this.camera.lookAt(this.target);
  }

  private describe(frame: number): void {
    const { replay, cumulative, d } = this.data;
    const parts = [`step ${frame} / ${replay.length}`, `return so far ${cumulative[frame]!.toFixed(1)}`];
    if (d !== null && frame >= 1) parts.push(`D ${d[frame - 1]!.toFixed(3)}`);
    if (frame === replay.length) {
      parts.push(
        `episode return ${replay.return.toFixed(1)} in ${replay.length} steps${replay.terminated ? " (fell / terminated)" : replay.truncated ? " (time limit)" : ""}`,
      );
    }
    this.info.textContent = parts.join(" · ");
  }

  private moveCursor(frame: number): void {
    const P = plotly();
    if (P === null || !this.stripReady || frame === this.lastCursor) return;
    // plotly relayouts cost a few ms: at most ~8 per second while playing.
    const now = performance.now();
    if (now - this.lastCursorTime < 120 && frame !== this.numFrames - 1 && frame !== 0) return;
    this.lastCursor = frame;
    this.lastCursorTime = now;
    void P.relayout(this.strip, { "shapes[0].x0": frame, "shapes[0].x1": frame });
  }
}

const SPEEDS = [0.25, 0.5, 1, 2, 4];

/** A set of synchronised panels with one clock and one set of controls. */
class Group {
  private readonly panels: Panel[] = [];
  private readonly slider: HTMLInputElement;
  private readonly button: HTMLButtonElement;
  private readonly clock: HTMLElement;
  private readonly frames: number;
  private readonly dt: number;
  private playing = true;
  private visible = true;
  private speed = 1;
  /** Playback position in (fractional) frames. */
  private position = 0;
  private lastTime = 0;
  private forceNext = true;

  constructor(root: HTMLElement, replays: readonly Replay[]) {
    ensureStyle();
    root.classList.add("gasil-replay");
    root.textContent = "";
    const controls = el("div", "gr-controls", root);
    this.button = el("button", "", controls, "Pause");
    this.button.type = "button";
    this.slider = el("input", "", controls);
    this.slider.type = "range";
    this.slider.min = "0";
    const speed = el("select", "", controls);
    for (const s of SPEEDS) {
      const o = el("option", "", speed, `${s}×`);
      o.value = String(s);
      if (s === 1) o.selected = true;
    }
    speed.title = "playback speed (1× = real time)";
    this.clock = el("span", "gr-clock", controls);
    const panels = el("div", "gr-panels", root);
    // Up to three side by side; four as a 2 × 2 block (e.g. two methods × median / best seed).
    const n = replays.length;
    panels.style.setProperty("--gr-columns", String(n === 4 ? 2 : Math.min(n, 3)));
    const seek = (frame: number): void => {
      this.position = Math.max(0, Math.min(frame, this.frames - 1));
      this.setPlaying(false);
      this.forceNext = true;
    };
    for (const r of replays) this.panels.push(new Panel(panels, r));
    for (const p of this.panels) p.drawStrip(seek);
    this.frames = Math.max(1, ...this.panels.map((p) => p.numFrames));
    this.dt = replays[0]?.scene.dt ?? 0.01;
    this.slider.max = String(this.frames - 1);
    this.slider.value = "0";
    this.button.addEventListener("click", () => {
      if (!this.playing && Math.floor(this.position) >= this.frames - 1) this.position = 0;
      this.setPlaying(!this.playing);
    });
    this.slider.addEventListener("input", () => seek(Number(this.slider.value)));
    speed.addEventListener("change", () => (this.speed = Number(speed.value)));
    // Play only while on screen: a notebook with many replays stays idle.
    if (typeof IntersectionObserver === "function") {
      new IntersectionObserver((entries) => {
        this.visible = entries.some((e) => e.isIntersecting);
        this.forceNext = true;
      }).observe(root);
    }
    window.addEventListener("resize", () => (this.forceNext = true));
    root.dataset["frames"] = String(this.frames);
    requestAnimationFrame((t) => this.tick(t));
  }

  private setPlaying(on: boolean): void {
    this.playing = on;
    this.button.textContent = on ? "Pause" : "Play";
  }

  private tick(now: number): void {
    const elapsed = this.lastTime === 0 ? 0 : Math.min(0.25, (now - this.lastTime) / 1000);
    this.lastTime = now;
    if (this.playing && this.visible) {
      this.position += (elapsed * this.speed) / this.dt;
      if (this.position >= this.frames - 1) {
        // Hold the last frame for a moment, then loop.
        if (this.position >= this.frames - 1 + 1 / this.dt) this.position = 0;
      }
    }
    const frame = Math.min(this.frames - 1, Math.floor(this.position));
    if (this.visible || this.forceNext) {
      for (const p of this.panels) p.render(frame, this.forceNext);
      this.forceNext = false;
    }
    if (String(frame) !== this.slider.value) this.slider.value = String(frame);
    this.clock.textContent = `step ${frame} / ${this.frames - 1} · ${(frame * this.dt).toFixed(2)} s`;
    requestAnimationFrame((t) => this.tick(t));
  }
}

/**
 * Mount a synchronised group of replays into `element` (its content is replaced).
 * @param replays one replay or several (drawn side by side).
 */
export function mount(element: HTMLElement, replays: Replay | readonly Replay[]): void {
  const list = Array.isArray(replays) ? (replays as readonly Replay[]) : [replays as Replay];
  new Group(element, list);
}

(window as unknown as { GasilReplay: { mount: typeof mount; version: string } }).GasilReplay = { mount, version: "1" };
