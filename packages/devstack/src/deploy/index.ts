// Rendering and checking the Helm chart and kustomize overlays offline (docs/deployment.md).
export * from "./render";
export * from "./services";
export * from "./network-policy";
export * from "./reachability";
export { deployFiles } from "../deploy-render";
