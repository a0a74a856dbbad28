/**
 * Ask dxguard (issue 19): what the reasoner contributes to answering a clinician's question about a patient.
 * {@link org.dxguard.reasoner.ask.QuestionRetriever} finds the guideline excerpts that answer a question, in its
 * language (English over all-MiniLM-L6-v2, Chinese over BAAI bge-small-zh-v1.5, both in-process ONNX);
 * {@link org.dxguard.reasoner.ask.AskMaterial} is the de-identified material an answer is written from (the
 * question scrubbed of identifiers, the patient's relevant facts with ids and relative dates, the guideline
 * rules' findings and the excerpts); {@link org.dxguard.reasoner.ask.Answerers} writes an answer with a model
 * server from that material ({@code ask-v1} prompt, English or Chinese) within a time budget, the late answer
 * still delivered. The answer is model text: the service shows it only through the veto
 * ({@code org.dxguard.safety.AnswerGuard}).
 */
package org.dxguard.reasoner.ask;
