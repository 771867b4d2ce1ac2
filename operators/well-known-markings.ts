/**
 * Marking-definition ids that every STIX consumer knows without a
 * definition in the input: the STIX 2.0/2.1 TLP markings (WHITE, GREEN,
 * AMBER, RED; OpenCTI shows WHITE as TLP:CLEAR and keeps its id) and
 * OpenCTI's fixed TLP 2.0 TLP:AMBER+STRICT. References to them are always
 * satisfied.
 */
export const WELL_KNOWN_MARKINGS: ReadonlySet<string> = new Set([
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', // TLP:WHITE / TLP:CLEAR
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', // TLP:GREEN
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', // TLP:AMBER
  'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37', // TLP:AMBER+STRICT
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', // TLP:RED
]);
