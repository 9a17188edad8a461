import { zooShard } from "./zoo.js";

zooShard(3);
