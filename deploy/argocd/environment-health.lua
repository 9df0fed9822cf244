-- Argo CD's health of an Environment (envsaga.io/v1), from the status envsaga writes
-- (docs/gitops.md, "Health in Argo CD"). Install it in argocd-cm as
-- resource.customizations.health.envsaga.io_Environment. EnvironmentHealthTest runs it.
local hs = {}
local generation = obj.metadata.generation
local status = obj.status

local function condition(type)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function said(c, otherwise)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return otherwise
end

if status == nil or status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for envsaga to take the spec"
  return hs
end
if generation ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for envsaga to take generation " .. generation .. " (it has " .. status.observedGeneration .. ")"
  return hs
end

local degraded = condition("Degraded")
if (degraded ~= nil and degraded.status == "True") or status.phase == "Failed" or status.phase == "Refused" then
  hs.status = "Degraded"
  hs.message = said(degraded, "Phase " .. tostring(status.phase))
  return hs
end

local progressing = condition("Progressing")
if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  hs.message = said(progressing, "Phase " .. tostring(status.phase))
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "True" and (ready.observedGeneration == nil or generation == nil or ready.observedGeneration == generation) then
  hs.status = "Healthy"
  hs.message = said(ready, "Ready")
  return hs
end

hs.status = "Progressing"
hs.message = said(ready, "Waiting for Ready (phase " .. tostring(status.phase) .. ")")
return hs
