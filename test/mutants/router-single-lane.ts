// Router that ignores segmentation: every event goes through one shared first-in-first-out
// channel as large as all lanes together, so a data flood delays and overwrites control events.
import { defineImplementation } from "../../src/verify/implementation.js";
import { ref } from "./_base.js";

export default defineImplementation({
  name: "router-single-lane",
  node: {
    router: {
      ...ref.router,
      create: (c) => {
        const l = c.laneCapacity;
        return ref.router.create({
          ...c,
          mode: "single",
          capacity: c.mode === "single" ? c.capacity : l.control + l.sync + l.inventory + l.data,
        });
      },
    },
  },
});
