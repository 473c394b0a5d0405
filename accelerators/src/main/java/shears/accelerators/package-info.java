/**
 * Hardware generators written in the rtl-gen HDL and their cycle models. Subpackages per
 * generator family; each reads models from {@code shears.models} and builds modules with
 * {@code shears.rtl.hdl}. Nothing here may import {@code shears.testbench}, {@code shears.reports}
 * or {@code shears.cli}.
 */
package shears.accelerators;
