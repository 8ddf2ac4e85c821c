/**
 * The 2-of-3 threshold group behind the toolkit: dealing, signing, repair and refresh, behind
 * {@link ist.spike.spa.group.ThresholdGroup}; {@link ist.spike.spa.group.ShareSecret} holds one
 * participant's serialized key package.
 */
package ist.spike.spa.group;
