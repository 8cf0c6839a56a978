import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { createBackend } from "./lib/backend";
import { app } from "./lib/state/root.svelte";

const target = document.getElementById("app")!;
createBackend().then(async (backend) => {
  await app.init(backend);
  mount(App, { target });
});
