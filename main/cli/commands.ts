/**
 * The `estation` commands, in the order `estation --help` lists them. Each entry is a descriptor
 * (main/cli/descriptors/): its help text, and a loader for its implementation, imported only when
 * the command runs, so that help never loads servers, PDF or device code.
 */
import type { CommandDescriptor } from './command.js';
import { bench } from './descriptors/bench.js';
import { campusCard } from './descriptors/campus-card.js';
import { chaos } from './descriptors/chaos.js';
import { central } from './descriptors/central.js';
import { demo } from './descriptors/demo.js';
import { kiosk } from './descriptors/kiosk.js';
import { printer } from './descriptors/printer.js';
import { reader } from './descriptors/reader.js';
import { render } from './descriptors/render.js';
import { settings } from './descriptors/settings.js';
import { simulate } from './descriptors/simulate.js';
import { template } from './descriptors/template.js';
import { verify } from './descriptors/verify.js';

export const COMMANDS: readonly CommandDescriptor[] = [
  demo,
  kiosk,
  central,
  campusCard,
  simulate,
  reader,
  printer,
  render,
  template,
  settings,
  verify,
  bench,
  chaos,
];

export const findCommand = (name: string): CommandDescriptor | undefined => COMMANDS.find((c) => c.name === name);
