// crosswire story page: zoom, pan and hover for the reuse graph. Without this file the graph is
// a plain SVG at full size in a scrolling frame, its articles and links still clickable.
"use strict";

const ZOOM_STEP = 1.25;
const ZOOM_MIN = 0.25;
const ZOOM_MAX = 4;
const READABLE = 0.8; // the first view never shrinks labels below 80% (14 px labels stay >= 11 px)

// The graph's state: its frame, its SVG, the natural size and the current scale.
function makeGraph(frame) {
  const svg = frame.querySelector("svg.reuse-graph");
  const box = svg.viewBox.baseVal;
  return { frame, svg, width: box.width, height: box.height, scale: 1 };
}

// Scale the SVG, keeping the point at (x, y) of the frame (its centre by default) in place.
function zoomTo(graph, scale, x, y) {
  const frame = graph.frame;
  const px = x === undefined ? frame.clientWidth / 2 : x;
  const py = y === undefined ? frame.clientHeight / 2 : y;
  const next = Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, scale));
  const ratio = next / graph.scale;
  const left = (frame.scrollLeft + px) * ratio - px;
  const top = (frame.scrollTop + py) * ratio - py;
  graph.scale = next;
  graph.svg.setAttribute("width", String(Math.round(graph.width * next)));
  graph.svg.setAttribute("height", String(Math.round(graph.height * next)));
  graph.svg.dataset.scale = next.toFixed(3);
  frame.scrollLeft = left;
  frame.scrollTop = top;
}

// The scale at which the whole graph fits the frame's width.
function fitScale(graph) {
  return (graph.frame.clientWidth - 2) / graph.width;
}

// Zoom buttons, Ctrl/Cmd + wheel and the +, -, 0 keys.
function bindZoom(graph, tools) {
  const actions = {
    in: () => zoomTo(graph, graph.scale * ZOOM_STEP),
    out: () => zoomTo(graph, graph.scale / ZOOM_STEP),
    fit: () => zoomTo(graph, fitScale(graph)),
    reset: () => zoomTo(graph, 1),
  };
  tools.querySelectorAll("button[data-zoom]").forEach((button) => {
    button.addEventListener("click", actions[button.dataset.zoom]);
  });
  graph.frame.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const rect = graph.frame.getBoundingClientRect();
    const factor = event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
    zoomTo(graph, graph.scale * factor, event.clientX - rect.left, event.clientY - rect.top);
  }, { passive: false });
  graph.frame.addEventListener("keydown", (event) => {
    const key = { "+": "in", "=": "in", "-": "out", "0": "reset" }[event.key];
    if (key) {
      event.preventDefault();
      actions[key]();
    }
  });
}

// Drag the background to pan (links keep their clicks).
function bindPan(graph) {
  let start = null;
  graph.frame.addEventListener("pointerdown", (event) => {
    if (event.button !== 0 || event.target.closest("a")) return;
    start = { x: event.clientX, y: event.clientY, left: graph.frame.scrollLeft, top: graph.frame.scrollTop };
    graph.frame.setPointerCapture(event.pointerId);
    graph.frame.classList.add("panning");
  });
  graph.frame.addEventListener("pointermove", (event) => {
    if (!start) return;
    graph.frame.scrollLeft = start.left - (event.clientX - start.x);
    graph.frame.scrollTop = start.top - (event.clientY - start.y);
  });
  const stop = () => {
    start = null;
    graph.frame.classList.remove("panning");
  };
  graph.frame.addEventListener("pointerup", stop);
  graph.frame.addEventListener("pointercancel", stop);
}

// Light up an article with its links and neighbours (or a link with its two articles) and say
// what it is in the info line; everything else fades.
function bindHover(graph, info) {
  const svg = graph.svg;
  const nodes = new Map();
  svg.querySelectorAll("a.node-link").forEach((node) => nodes.set(node.dataset.n, node));
  const edges = Array.from(svg.querySelectorAll("a.edge-link"));
  const idle = info.textContent;
  const clear = () => {
    svg.classList.remove("focusing");
    svg.querySelectorAll(".lit").forEach((item) => item.classList.remove("lit"));
    info.textContent = idle;
  };
  const light = (items, text) => {
    clear();
    svg.classList.add("focusing");
    items.forEach((item) => item && item.classList.add("lit"));
    info.textContent = text;
  };
  nodes.forEach((node, number) => {
    const show = () => {
      const mine = edges.filter((e) => e.dataset.source === number || e.dataset.target === number);
      const others = mine.map((e) => (e.dataset.source === number ? e.dataset.target : e.dataset.source));
      const linked = others.length ? " · shares text with " + others.map((n) => "[" + n + "]").join(", ") : "";
      light([node, ...mine, ...others.map((n) => nodes.get(n))], node.dataset.label + linked);
    };
    node.addEventListener("mouseenter", show);
    node.addEventListener("focus", show);
    node.addEventListener("mouseleave", clear);
    node.addEventListener("blur", clear);
  });
  edges.forEach((edge) => {
    const show = () => light([edge, nodes.get(edge.dataset.source), nodes.get(edge.dataset.target)],
      edge.dataset.label + " · click to compare the two texts");
    edge.addEventListener("mouseenter", show);
    edge.addEventListener("focus", show);
    edge.addEventListener("mouseleave", clear);
    edge.addEventListener("blur", clear);
  });
}

function setUpReuseGraph() {
  const frame = document.querySelector(".graph-frame");
  const tools = document.querySelector(".graph-tools");
  if (!frame || !tools || !document.querySelector(".graph-info") || !frame.querySelector("svg.reuse-graph")) return;
  const graph = makeGraph(frame);
  tools.hidden = false;
  frame.classList.add("interactive");
  bindZoom(graph, tools);
  bindPan(graph);
  bindHover(graph, document.querySelector(".graph-info"));
  zoomTo(graph, Math.min(1, Math.max(fitScale(graph), READABLE)), 0, 0);
}

document.addEventListener("DOMContentLoaded", setUpReuseGraph);
