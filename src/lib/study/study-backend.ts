// Everything the study screen needs after the first card is painted: Dexie (through
// app-data), ts-fsrs and the writes. Loaded with import() so none of it delays the first card.
export { appDatabase } from '../app/app-data';
export { recordAnswerThen, undoLastAnswer, latestAnswer } from '../srs/answer';
export { formatInterval, GRADES, previewGrades } from '../srs/scheduler';
export { createBalancedScheduler } from '../srs/balance/balanced-scheduler';
export { DayLoadFollower } from '../srs/balance/day-load-follower';
export { buryCards, setSuspended } from '../cards/actions';
export { buryIfHeldBack } from '../srs/sibling-guard';
export { requestPersistenceOnce } from '../pwa/storage';
export { noteStudyActivity } from '../backup/auto/activity';
export { NextCardGuesser } from './next-card-guesser';
export { queueAfterAnswer, readAfterAnswer } from '../srs/after-answer';
export { answerNotSavedMessage, unschedulableCardMessage } from './answer-errors';
