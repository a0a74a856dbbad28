/**
 * The CDS Hooks 2.0 wire model: what an EHR sends ({@link org.dxguard.service.cdshooks.CdsRequest},
 * {@link org.dxguard.service.cdshooks.FeedbackRequest}) and what dxguard answers
 * ({@link org.dxguard.service.cdshooks.ServiceDescriptor}, {@link org.dxguard.service.cdshooks.CdsResponse},
 * {@link org.dxguard.service.cdshooks.Card}).
 *
 * <p>Entry point: {@link org.dxguard.service.cdshooks.CdsJson}, which parses and validates requests (a precise
 * {@link org.dxguard.service.cdshooks.BadRequestException} for anything malformed) and writes responses exactly as
 * the spec wants them: no {@code null}, no empty strings, arrays or objects, except {@code "cards": []}.
 * Records validate the spec's constraints (summary under 140 characters, indicator, selectionBehavior whenever there
 * are suggestions, a uuid on every card) in their compact constructors, so an invalid card cannot be built.
 */
package org.dxguard.service.cdshooks;
