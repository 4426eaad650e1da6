/**
 * Does the imposer field hold a person rather than a unit (UX 25)? «王局长», «李主任», «欧阳书记»:
 * a one- or two-character surname and an official title, or «老王»/«小李». Only a gentle warning
 * follows (report form and island): a report is never refused for it, and a unit whose name
 * happens to match is still filed as typed.
 */
const TITLES = "局长|主任|书记|科长|处长|县长|镇长|乡长|区长|市长|部长|厅长|股长|所长|站长|队长|组长|委员|主席|经理|秘书|干事|领导|老师";
const PERSON = new RegExp(`^(?:\\p{Script=Han}{1,2}副?(?:${TITLES})|[老小]\\p{Script=Han})$`, "u");

export const looksLikePersonName = (name: string): boolean => PERSON.test(name.replace(/\s+/g, ""));
