import { subgraph } from "./index";

void subgraph.run();
