/**
 * Loads the method plugins (GASIL, PPO+BC, PPO+SIL) so that they register themselves with
 * `method-registry.ts`. The Trainer imports this file; each method module adds ONE line here:
 *
 *   import "./gasil";   // calls registerMethod(GASIL_METHOD) at load
 *
 * (algos-aux owns the lines below.)
 */
import "./gasil";
import "./bc";
import "./sil";
import "./survival";
