// Recognition whose mutual recognition takes the larger of the two shares instead of the smaller.
import { referenceRecognition } from "../../properties/recognition.js";
import { shareOf } from "../../src/core/recognition.js";
import { defineImplementation } from "../../src/verify/implementation.js";

export default defineImplementation({
  name: "recognition-mr-max",
  recognition: {
    shares: referenceRecognition.shares,
    mutualRecognition: (a, b) =>
      Math.max(shareOf(a.recognition_weights, b.pubKey), shareOf(b.recognition_weights, a.pubKey)),
  },
});
